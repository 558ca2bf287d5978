import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkIn, pageText, useEmailFlows, webClient } from './email-flows-fixture.ts';

const f = await useEmailFlows((sink, redirectUri) => [
  {
    name: 'acct',
    settings: { verifyEmail: true, eventsEnabled: true, smtpServer: sink.smtpSettings() },
    clients: [webClient(redirectUri)],
    users: [{ username: 'carla', password: 'carla password 1' }],
  },
]);

describe('changing one’s email address while the realm verifies addresses', () => {
  it('keeps the old address until the link sent to the new one is followed', async () => {
    const realm = (await f.server.store.realms.findByName('acct'))!;
    const seeded = (await f.server.store.users.findByUsername(realm.id, 'carla'))!;
    await f.server.store.users.update({ ...seeded, emailVerified: true }, { emailUnique: true });

    const page = await (await f.newContext()).newPage();
    await page.goto(`${f.server.baseUrl}/realms/acct/account`);
    await page.getByLabel('Username or email').fill('carla');
    await page.getByLabel('Password', { exact: true }).fill('carla password 1');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.waitForURL(`${f.server.baseUrl}/realms/acct/account`);

    await page.getByLabel('Email').fill('carla.new@example.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    assert.match((await page.getByRole('status').textContent()) ?? '', /We have sent a link to your new email address/);
    assert.equal(await page.getByLabel('Email').inputValue(), 'carla@example.test', 'the old address stays meanwhile');
    const before = (await f.server.store.users.findById(realm.id, seeded.id))!;
    assert.deepEqual([before.email, before.emailVerified], ['carla@example.test', true]);

    const mail = await f.mailTo('carla.new@example.test');
    const link = linkIn(mail);
    await page.goto(link);
    assert.match(await pageText(page), /The account email has been successfully updated to carla\.new@example\.test\./);
    const after = (await f.server.store.users.findById(realm.id, seeded.id))!;
    assert.deepEqual([after.email, after.emailVerified], ['carla.new@example.test', true]);
    const updates = await f.server.store.events.query(realm.id, { types: ['UPDATE_EMAIL'], userId: seeded.id });
    assert.deepEqual(updates.map((e) => [e.details.previous_email, e.details.updated_email]), [['carla@example.test', 'carla.new@example.test']]);

    await page.goto(link);
    assert.match(await pageText(page), /This link has already been used\./);
  });
});
