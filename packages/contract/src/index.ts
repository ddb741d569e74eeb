export * from './roles.js';
export * from './errors.js';
export * from './password.js';
export * from './api.js';
export * from './articles.js';
export * from './publications.js';
export * from './forwarding.js';
export * from './dedup.js';
