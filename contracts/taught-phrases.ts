/** The longest phrase a shop can teach its bot (characters, after trimming); longer text is a message, not a phrase. */
export const TAUGHT_PHRASE_MAX_CHARS = 300
