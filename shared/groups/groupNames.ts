// The one place where a group's members get names. The groups are found from participant
// ids alone (opinionGroups.ts); every screen and export that lists members calls this, so
// an anonymity level can hand it pseudonyms ("Person 3") or no names at all.
export const GROUP_LETTERS = 'ABCDEFGH';

/** "Group A", "Group B", … by the group's number. */
export function groupLabel(group: number): string {
  return `Group ${GROUP_LETTERS[group] ?? group + 1}`;
}

/** The members' display names, sorted; `nameOf` decides what a member is called (or null to hide them). */
export function groupMemberNames(members: readonly string[], nameOf: (participantId: string) => string | null): string[] {
  return members.map(nameOf).filter((name): name is string => name !== null).sort((a, b) => a.localeCompare(b, 'en'));
}
