export { assert, assertEntity, assertRange, assertIndex, assertFinite, assertEqual, assertClose } from './assert.ts';
export type { Message } from './assert.ts';
export { defineMessage, messageTemplate, formatMessage } from './messages.ts';
export { AssertionError, UnknownMessageError, MessageIdCollisionError, formatLocation } from './errors.ts';
export type { SourceLocation } from './errors.ts';
export { DEV } from '../env/dev.ts';
