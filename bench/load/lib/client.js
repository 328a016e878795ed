'use strict';
// One Parley user's connection, exactly as a script would make it: bearer token (from the token endpoint or the
// seed), the official SignalR client, WebSockets only, permessage-deflate off (as the peers' driver).
const signalR = require('@microsoft/signalr');
const WebSocket = require('ws');

class NoDeflateWebSocket extends WebSocket {
  constructor(url, protocols, options) { super(url, protocols, { ...options, perMessageDeflate: false }); }
}

function createClient({ url, token, onMessage, onClose, connectTimeoutMs }) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${url.replace(/\/$/, '')}/hubs/chat`, {
      transport: signalR.HttpTransportType.WebSockets,
      skipNegotiation: true,
      WebSocket: NoDeflateWebSocket,
      accessTokenFactory: () => token,
    })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.serverTimeoutInMilliseconds = 60_000;
  connection.on('messageReceived', onMessage);
  connection.onclose((error) => onClose(error));
  return {
    connection,
    start() {
      let timer;
      return Promise.race([
        connection.start(),
        new Promise((_, reject) => { timer = setTimeout(() => { connection.stop().catch(() => {}); reject(new Error('connect timeout')); }, connectTimeoutMs); }),
      ]).finally(() => clearTimeout(timer));
    },
    send: (roomId, text, clientMessageId) => connection.invoke('SendMessage', { roomId, text, clientMessageId }),
    typing: (roomId) => connection.invoke('Typing', { roomId }),
    stop: () => connection.stop().catch(() => {}),
  };
}

/**
 * The send time rides in the client message id, so every receiver can compute end-to-end latency; so do this driver
 * process's run id (a server still working off an earlier driver's backlog delivers messages whose send times are
 * another process's clock: they are not counted) and the node the sender is connected to (several nodes), so every
 * receiver knows whether the message crossed nodes.
 */
const RUN = Math.random().toString(36).slice(2, 8);
function clientMessageId(sentAt, seq, node = 0) { return `${sentAt.toFixed(3)}:${seq}:${RUN}:${node}`; }
function isOwn(message) { const id = (message && message.clientMessageId) || ''; return id.split(':')[2] === RUN; }
function sentAtOf(message) { const id = message && message.clientMessageId; return id && isOwn(message) ? Number(id.slice(0, id.indexOf(':'))) : NaN; }
function senderNodeOf(message) { const id = (message && message.clientMessageId) || ''; return Number(id.slice(id.lastIndexOf(':') + 1)); }

module.exports = { createClient, clientMessageId, sentAtOf, senderNodeOf, isOwn };
