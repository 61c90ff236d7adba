import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DRIVER_IMPORTS = ['mongodb', 'amqplib', 'kafkajs', 'avsc', 'protobufjs'].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Drivers and decoding libraries load on first use: import types only, and the code through its loader (driver.ts, decoding/libraries.ts).',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.services/**', 'test/e2e/artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './webview/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Drivers load lazily (src/connectors/<system>/driver.ts): anywhere in src only their types may be imported.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: DRIVER_IMPORTS }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/connectors/**/*.ts', 'src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core, connectors and sandbox stay free of the vscode API.' }, ...DRIVER_IMPORTS] }],
    },
  },
  {
    // The tree's logic is tested with stub kinds in plain Node: it stays free of the editor API.
    files: ['src/explorer/treeNode.ts', 'src/explorer/kindTree.ts', 'src/explorer/treeModel.ts', 'src/connections/connection.ts', 'src/connections/connectionKind.ts', 'src/connections/connectAttempt.ts', 'src/connections/profileVersions.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'kept free of the vscode API so plain unit tests can load it.' }] }],
    },
  },
  {
    // webview/<app>/ and webview/shared/ reach outside their folder only for the kit and the protocol.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!shared/[\\w-]+$|\\.\\./src/protocol/[\\w-]+$)', message: 'A webview imports only webview/shared/* and src/protocol/*.' }] },
      ],
    },
  },
  {
    // An app of one kind sits in that kind's folder (webview/<kind>/<app>/), one level deeper.
    files: ['webview/*/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\./shared/[\\w-]+$|\\.\\./\\.\\./src/protocol/[\\w-]+/[\\w-]+$)', message: 'A webview imports only webview/shared/* and src/protocol/*.' }] },
      ],
    },
  },
  {
    files: ['webview/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\./src/protocol/[\\w-]+$)', message: 'The kit imports only src/protocol/*, never an app.' }] },
      ],
    },
  },
);
