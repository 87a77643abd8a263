/** The tool's version (kept equal to package.json's by a test). */
export const VERSION = '2.0.0-alpha.1';

/** What `version` prints. */
export function versionLine(): string {
  return `ECS ComposeX ${VERSION}\n`;
}
