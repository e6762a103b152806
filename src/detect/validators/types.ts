/** value = the sensitive part exactly as matched (separators included); the validator normalises. */
export type Validator = (value: string) => boolean;
