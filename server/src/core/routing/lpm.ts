// Placeholder: the longest-prefix-match engine lands here.
export {};
