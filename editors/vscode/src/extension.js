// The ropa extension: starts `ropa lsp` over stdio for .ropa files.
//
// Plain JavaScript so that the extension needs no build step; the server
// does all the work, this file only finds the binary and restarts it when
// the `ropa.path` setting changes.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const configured = vscode.workspace.getConfiguration("ropa").get("path");
  const command = configured && configured.trim() !== "" ? configured : "ropa";
  return { command, args: ["lsp"] };
}

function clientOptions() {
  return {
    documentSelector: [{ scheme: "file", language: "ropa" }],
    synchronize: {
      // ropa.yaml changes severities and packs; the server re-reads it.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.ropa,ropa.yaml}"),
    },
  };
}

async function start() {
  client = new LanguageClient("ropa", "ropa", serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `ropa: could not start \`${serverOptions().command} lsp\` (${err.message}). ` +
        "Install ropa or point the `ropa.path` setting at the binary."
    );
  }
}

async function restart() {
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("ropa.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("ropa.path")) {
        restart();
      }
    })
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
