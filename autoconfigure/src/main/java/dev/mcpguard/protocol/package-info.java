/**
 * Protocol hygiene at the edge of the MCP endpoint: request size limits, a strict check of the JSON-RPC envelope
 * (version, no batches, well-formed UTF-8 JSON, bounded nesting, request, notification or response, parameter
 * shapes, no client text the MCP SDK would log unsafely), and error responses that never carry a stack trace.
 */
@NullMarked
package dev.mcpguard.protocol;

import org.jspecify.annotations.NullMarked;
