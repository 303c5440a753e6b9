import type {AddressInfo} from 'node:net'

import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

/** A test's own HTTP server on a free loopback port (an API that misbehaves, a webhook), and its base URL. */
export async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{server: Server; url: string}> {
  const server = createServer(handler)
  await new Promise<void>(resolve => {
    server.listen(0, '127.0.0.1', resolve)
  })
  return {server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`}
}

/** Closes the server, ending the connections it still holds (a client may be waiting on one that never answers). */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise(resolve => {
    server.close(resolve)
  })
}
