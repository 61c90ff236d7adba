import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/core/**/*.ts', 'src/connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core and connectors stay free of the vscode API.' }] }],
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
    files: ['webview/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\./src/protocol/[\\w-]+$)', message: 'The kit imports only src/protocol/*, never an app.' }] },
      ],
    },
  },
);
