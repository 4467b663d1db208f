#include "http/httprequestparser.h"

#include <QUrl>

#include <algorithm>
#include <cstring>

namespace fw::http {

namespace {

constexpr qsizetype MaxMethodLength = 32;
constexpr qsizetype InitialBodyReserve = 64 * 1024;

// RFC 9110 token characters.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Field values: visible ASCII, space, tab and obs-text; no other control character.
bool isFieldValue(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

// Request target: visible ASCII only (percent-encoding carries everything else).
bool isTargetText(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// Digits only, at most 18 of them so the value fits in qint64; -1 when malformed.
qint64 parseLength(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return -1;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    qsizetype start = 0;
    while (start <= list.size()) {
        qsizetype comma = list.indexOf(',', start);
        if (comma < 0)
            comma = list.size();
        if (trimmed(list.sliced(start, comma - start)).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        start = comma + 1;
    }
    return false;
}

} // namespace

HttpRequestParser::HttpRequestParser(const ServerLimits &limits)
    : m_limits(limits)
{
}

HttpRequestParser::Result HttpRequestParser::feed(QByteArrayView input, qsizetype *consumed)
{
    *consumed = 0;
    switch (m_state) {
    case State::Head:
        return feedHead(input, consumed);
    case State::Body:
        return feedBody(input, consumed);
    case State::Done:
        return Result::Complete;
    case State::Failed:
        break;
    }
    return Result::Error;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest{};
    m_state = State::Head;
    m_scanned = 0;
    m_contentLength = 0;
    m_expectContinue = false;
    return request;
}

HttpRequestParser::Result HttpRequestParser::feedHead(QByteArrayView input, qsizetype *consumed)
{
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    qsizetype skipped = 0;
    while (m_scanned == 0 && input.size() - skipped >= 2 && input[skipped] == '\r'
           && input[skipped + 1] == '\n') {
        skipped += 2;
    }
    *consumed = skipped;
    input = input.sliced(skipped);

    qsizetype pos = m_scanned;
    while (true) {
        const qsizetype newline = input.indexOf('\n', pos);
        if (newline < 0)
            break;
        if (newline == 0 || input[newline - 1] != '\r')
            return fail(400, "Line endings must be CRLF.");
        if (newline >= 3 && input[newline - 2] == '\n') {
            const QByteArrayView head = input.first(newline - 3);
            if (head.size() > m_limits.maxHeaderSize)
                return fail(431, "The request line and headers are too large.");
            *consumed += newline + 1;
            if (!parseHead(head))
                return Result::Error;
            m_state = State::Body;
            return Result::HeadComplete;
        }
        pos = newline + 1;
    }

    m_scanned = input.size();
    if (input.size() > m_limits.maxHeaderSize)
        return fail(431, "The request line and headers are too large.");
    // Unfinished head stays unconsumed: the caller keeps it and appends.
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::feedBody(QByteArrayView input, qsizetype *consumed)
{
    const qint64 missing = m_contentLength - m_request.body.size();
    const qsizetype take = qsizetype(std::min<qint64>(missing, input.size()));
    m_request.body.append(input.first(take));
    *consumed = take;
    if (m_request.body.size() < m_contentLength)
        return Result::NeedMore;
    m_state = State::Done;
    return Result::Complete;
}

bool HttpRequestParser::parseHead(QByteArrayView head)
{
    qsizetype lineEnd = head.indexOf("\r\n");
    if (lineEnd < 0)
        lineEnd = head.size();
    if (!parseRequestLine(head.first(lineEnd)))
        return false;

    qsizetype start = lineEnd + 2;
    while (start < head.size()) {
        qsizetype end = head.indexOf("\r\n", start);
        if (end < 0)
            end = head.size();
        if (!parseHeaderLine(head.sliced(start, end - start)))
            return false;
        start = end + 2;
    }
    return checkFraming();
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (secondSpace < 0 || line.indexOf(' ', secondSpace + 1) >= 0)
        return reject(400, "The request line is malformed.");

    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);
    if (method.size() > MaxMethodLength || !isToken(method))
        return reject(400, "The request method is malformed.");
    if (target.isEmpty() || !isTargetText(target) || (target.front() != '/' && target != "*"))
        return reject(400, "The request target is malformed.");

    if (version == "HTTP/1.1")
        m_request.versionMinor = 1;
    else if (version == "HTTP/1.0")
        m_request.versionMinor = 0;
    else if (version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.')
        return reject(505, "Only HTTP/1.0 and HTTP/1.1 are supported.");
    else
        return reject(400, "The HTTP version is malformed.");

    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    const qsizetype question = target.indexOf('?');
    const QByteArrayView path = question < 0 ? target : target.first(question);
    m_request.path = QUrl::fromPercentEncoding(path.toByteArray());
    if (question >= 0)
        m_request.query.setQuery(QString::fromLatin1(target.sliced(question + 1)));
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line)
{
    if (m_request.headers.size() >= m_limits.maxHeaderCount)
        return reject(431, "The request has too many headers.");
    if (!line.isEmpty() && (line.front() == ' ' || line.front() == '\t'))
        return reject(400, "Folded header lines are not accepted.");

    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return reject(400, "A header line is malformed.");
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return reject(400, "A header value holds a control character.");

    m_request.headers.emplaceBack(line.first(colon).toByteArray(), value.toByteArray());
    return true;
}

bool HttpRequestParser::checkFraming()
{
    int hosts = 0;
    bool haveLength = false;
    QByteArray connection;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hosts;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            return reject(501, "Transfer-Encoding is not supported: send the body with Content-Length.");
        } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            const qint64 length = parseLength(value);
            if (length < 0 || (haveLength && length != m_contentLength))
                return reject(400, "Content-Length is malformed.");
            m_contentLength = length;
            haveLength = true;
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            connection += value + ',';
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0)
                return reject(417, "Only \"Expect: 100-continue\" is understood.");
            m_expectContinue = m_request.versionMinor == 1;
        }
    }

    if (m_request.versionMinor == 1 && hosts != 1)
        return reject(400, "An HTTP/1.1 request needs exactly one Host header.");
    if (m_contentLength > m_limits.maxBodySize)
        return reject(413, "The request body is larger than this server accepts.");

    m_request.keepAlive = m_request.versionMinor == 1 ? !hasToken(connection, "close")
                                                      : hasToken(connection, "keep-alive");
    if (m_contentLength > 0)
        m_request.body.reserve(qsizetype(std::min<qint64>(m_contentLength, InitialBodyReserve)));
    return true;
}

bool HttpRequestParser::reject(int status, QByteArrayView text)
{
    fail(status, text);
    return false;
}

HttpRequestParser::Result HttpRequestParser::fail(int status, QByteArrayView text)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorText = text.toByteArray();
    return Result::Error;
}

} // namespace fw::http
