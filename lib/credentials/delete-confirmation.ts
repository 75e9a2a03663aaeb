/**
 * What a person types to confirm deleting a key: its name, its last four characters, or its
 * whole ID. Case and surrounding spaces do not matter. Shared with the browser (no imports).
 */
export function deleteConfirmationMatches(typed: string, key: { accessKeyId: string; description: string | null }): boolean {
  const answer = typed.trim().toLowerCase();
  if (!answer) return false;
  const id = key.accessKeyId.toLowerCase();
  if (answer === id.slice(-4) || answer === id) return true;
  return key.description !== null && key.description.trim() !== '' && answer === key.description.trim().toLowerCase();
}
