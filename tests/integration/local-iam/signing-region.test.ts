import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startIam, stsClientFor, type StartedIam } from '@/tests/support/local-iam';

/**
 * IAM is a global service: its one endpoint takes requests signed for us-east-1 and refuses any
 * other region in the credential scope with 403 SignatureDoesNotMatch, "Credential should be
 * scoped to a valid region, not '<region>'. " (sic, with the trailing space), before it looks at
 * what was asked. STS answers at its global endpoint (us-east-1) and at a regional endpoint per
 * region, each signed for its own region; the local endpoint stands in for one of them
 * (`stsRegion`, from LOCAL_IAM_STS_REGION or AWS_REGION). With the real AWS SDK, which signs for
 * the client's configured region whenever an endpoint is given.
 */
let iam: StartedIam;
const STS_REGION = 'ap-northeast-1';

beforeAll(async () => {
  iam = await startIam({ stsRegion: STS_REGION });
});
afterAll(async () => {
  await iam?.stop();
});

const iamIn = (region: string): IAMClient => clientFor(iam.url, iam.adminAccessKeyId, iam.adminSecretAccessKey, { region });
const stsIn = (region: string): STSClient => stsClientFor(iam.url, iam.adminAccessKeyId, iam.adminSecretAccessKey, { region });

describe('the signing region', () => {
  it('IAM: us-east-1 is accepted', async () => {
    await expect(iamIn('us-east-1').send(new ListUsersCommand({}))).resolves.toMatchObject({ Users: expect.any(Array) });
  });

  it('IAM: any other region, the STS endpoint’s own included, is refused as IAM refuses it, and nothing is done', async () => {
    for (const region of ['eu-west-1', STS_REGION, 'us-west-2', 'us-gov-west-1']) {
      const error = await iamIn(region)
        .send(new CreateUserCommand({ UserName: `scoped-${region}` }))
        .catch((e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number }; Type?: string });
      expect(error, region).toMatchObject({
        name: 'SignatureDoesNotMatch',
        message: `Credential should be scoped to a valid region, not '${region}'. `,
        $metadata: { httpStatusCode: 403 },
      });
      await expect(iamIn('us-east-1').send(new GetUserCommand({ UserName: `scoped-${region}` })), region).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    }
  });

  it('STS: us-east-1 (the global endpoint) and the endpoint’s own region are accepted; another region is refused', async () => {
    await expect(stsIn('us-east-1').send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: iam.accountId });
    await expect(stsIn(STS_REGION).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: iam.accountId });
    await expect(stsIn('eu-west-1').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      $metadata: { httpStatusCode: 403 },
    });
  });
});
