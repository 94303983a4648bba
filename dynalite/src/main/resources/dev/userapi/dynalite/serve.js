// Starts dynalite for a JVM that waits on this process's stdout:
//   node serve.js HOST [PATH]
// listens on HOST and a port the system picks (no race for a "free" port), prints one line
// {"port":N} once it listens, and stops when its stdin closes (the JVM that started it closed it or
// is gone) or on SIGTERM/SIGINT, closing the LevelDB store first so PATH is left consistent.
'use strict'

const dynalite = require('dynalite')

const [host, path] = process.argv.slice(2)
if (!host) {
  console.error('usage: node serve.js HOST [PATH]')
  process.exit(2)
}

// Tables are ACTIVE as soon as they are created: the tools wait for ACTIVE anyway, and a local run
// or a test gains nothing from dynalite's default 500 ms in CREATING.
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
if (path) options.path = path

const server = dynalite(options)
let stopping = false

function stop (code) {
  if (stopping) return
  stopping = true
  if (server.closeAllConnections) server.closeAllConnections()
  server.close(() => process.exit(code))
  // A store that does not close within 5 s must not keep the process alive.
  setTimeout(() => process.exit(code), 5000).unref()
}

server.on('error', (err) => {
  console.error('dynalite: ' + err.message)
  process.exit(1)
})
server.listen(0, host, () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})

process.stdin.on('end', () => stop(0))
process.stdin.on('error', () => stop(0))
process.stdin.resume()
process.on('SIGTERM', () => stop(0))
process.on('SIGINT', () => stop(0))
