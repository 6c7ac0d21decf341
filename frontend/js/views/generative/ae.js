export function createAutoencoderLab() { throw new Error('todo'); }
