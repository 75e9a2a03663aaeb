import { CreateAccessKeyCommand, DeleteAccessKeyCommand } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { openSignedIn } from './fixtures';
import { adminIam } from './stack';

test('the home page shows a key that exists in IAM, read with the portal’s own principal', async ({ page }) => {
  const iam = adminIam();
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
  try {
    await openSignedIn(page, '/', 'taro');
    await expect(page.getByText(AccessKey!.AccessKeyId!)).toBeVisible();
  } finally {
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: AccessKey!.AccessKeyId! }));
  }
});
