export * from './schema/meta.js';
export * from './schema/units.js';
export * from './schema/users.js';
export * from './schema/audit.js';
export * from './schema/articles.js';
export * from './schema/publications.js';
