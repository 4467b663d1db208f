#pragma once

#include <QtGlobal>

#include <chrono>

namespace fw::http {

// What one peer may cost the server. Every limit is enforced before the bytes are buffered.
struct ServerLimits
{
    qint64 maxBodySize = 1024 * 1024;   // Content-Length above this: 413 before reading the body
    qsizetype maxHeaderSize = 16 * 1024; // request line plus headers; above: 431
    int maxHeaderCount = 64;             // header lines; above: 431
    int maxConnections = 512;            // concurrent; the next one is refused at once
    int maxPipelined = 32;               // requests awaiting an answer before reading pauses
    std::chrono::milliseconds headerTimeout{10'000};    // first byte to end of headers: 408
    std::chrono::milliseconds bodyTimeout{10'000};      // between two reads of a body: 408
    std::chrono::milliseconds idleTimeout{30'000};      // keep-alive wait for the next request
    std::chrono::milliseconds handshakeTimeout{10'000}; // TLS handshake
};

} // namespace fw::http
