/**
 * The setup snippets of the one-time dialog: the new key in the shapes programs read it from.
 * Built in the browser from the secret the dialog already holds and never sent anywhere (no
 * server imports here). Values are written as they are: access key IDs and secrets are
 * letters, digits, + and /, which need no quoting in any of these shapes.
 */

export type SnippetKind = 'cli-profile' | 'bash' | 'powershell';

export const SNIPPET_KINDS: readonly SnippetKind[] = ['cli-profile', 'bash', 'powershell'];

/** A credentials-file profile name from the key's name ("Backup on my laptop" → backup-on-my-laptop), else "kagi". */
export function profileNameFor(description: string | null): string {
  const name = (description ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return name || 'kagi';
}

export function setupSnippet(kind: SnippetKind, key: { accessKeyId: string; secretAccessKey: string; description: string | null }): string {
  switch (kind) {
    case 'cli-profile':
      return `[${profileNameFor(key.description)}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
    case 'bash':
      return `export AWS_ACCESS_KEY_ID=${key.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`;
    case 'powershell':
      return `$Env:AWS_ACCESS_KEY_ID = "${key.accessKeyId}"\n$Env:AWS_SECRET_ACCESS_KEY = "${key.secretAccessKey}"\n`;
  }
}
