import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: ['node_modules', 'lib', 'dist', '.data', '.tools', 'coverage', 'jest.config.js', 'jest.cluster.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'object-shorthand': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and of voie only the domain.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            { group: ['../src/*', '!../src/domain', '../activities', '../activities/*'], allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // The rest of voie knows the workflows only through their public module; the code behind it changes freely.
    // (The domain's and the providers' blocks below replace this one for their files with stricter rules.)
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows/*', '!**/workflows/public'],
              message: 'Import the workflows through workflows/public.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is imported by every layer, workflows included: it imports nothing of voie and nothing of Node.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ['../*', '@temporalio/*'] }] }],
    },
  },
  {
    // The contract's schemas build on the rest of the domain (its enumerations), and like it on nothing else.
    files: ['src/domain/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [{ group: ['../../*', '@temporalio/*'] }] }],
    },
  },
  {
    // Providers speak the domain's vocabulary; the workflow is none of their business.
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/workflows', '**/workflows/*'] }] }] },
  },
  {
    // The simulators are for `voie dev` and tests: production code never loads them. `voie dev` reaches them through a
    // dynamic `import()`, which this rule does not see. (The typescript-eslint rule, so these patterns add to the
    // `no-restricted-imports` blocks above instead of replacing them.)
    files: ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/simulators/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/simulators', '**/simulators/**'],
              allowTypeImports: true,
              message: 'Simulators are loaded by `voie dev` only, with a dynamic import().',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON bodies whose shape is what they assert; typing each one adds nothing.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
