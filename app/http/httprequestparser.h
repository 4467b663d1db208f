#pragma once

#include "http/httpmessage.h"
#include "http/serverlimits.h"

#include <QByteArrayView>

namespace fw::http {

// Incremental, strict parser of HTTP/1.1 requests (RFC 9112) without any I/O, so it can be
// fuzzed alone. Feed it the unconsumed input; it reports how much it consumed.
//
// It stops after the head so the caller can answer "100 Continue" or refuse the body (413)
// before any of it is buffered. Bodies need Content-Length; Transfer-Encoding is refused
// with 501. Line endings must be CRLF; obsolete line folding is refused.
class HttpRequestParser final
{
public:
    enum class Result {
        NeedMore,     // consumed everything useful; feed more input
        HeadComplete, // request() holds method, target, headers; the body follows
        Complete,     // request() is whole; the next feed starts a new request
        Error,        // errorStatus() and errorText() say why; stop feeding
    };

    explicit HttpRequestParser(const ServerLimits &limits);

    Result feed(QByteArrayView input, qsizetype *consumed);

    HttpRequest &request() { return m_request; }
    HttpRequest takeRequest();
    qint64 contentLength() const { return m_contentLength; }
    bool expectsContinue() const { return m_expectContinue; }
    bool inHead() const { return m_state == State::Head; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorText() const { return m_errorText; }

private:
    enum class State { Head, Body, Done, Failed };

    Result feedHead(QByteArrayView input, qsizetype *consumed);
    Result feedBody(QByteArrayView input, qsizetype *consumed);
    bool parseHead(QByteArrayView head);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool checkFraming();
    Result fail(int status, QByteArrayView text);
    bool reject(int status, QByteArrayView text);

    const ServerLimits &m_limits;
    State m_state = State::Head;
    HttpRequest m_request;
    qsizetype m_scanned = 0; // bytes of the head already searched for its end
    qint64 m_contentLength = 0;
    bool m_expectContinue = false;
    int m_errorStatus = 0;
    QByteArray m_errorText;
};

} // namespace fw::http
