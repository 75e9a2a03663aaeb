/**
 * The .csv key file, in the same form as the AWS console's download, so that tools and
 * habits built around that file keep working.
 */
export function accessKeyCsv(key: { accessKeyId: string; secretAccessKey: string }): string {
  return `Access key ID,Secret access key\r\n${key.accessKeyId},${key.secretAccessKey}\r\n`;
}

export function accessKeyCsvFileName(accessKeyId: string): string {
  return `${accessKeyId}_accessKeys.csv`;
}
