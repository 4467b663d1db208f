#include "http/httpconnection.h"

#include "core/logging.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace fw::http {

namespace {

constexpr qint64 ReadChunk = 64 * 1024;
// Answers the client has not read yet; above this the connection stops reading requests.
constexpr qint64 MaxWriteBacklog = 256 * 1024;
// After the last answer, unread input is drained this long so the client sees the answer
// instead of a reset.
constexpr std::chrono::milliseconds MaxLinger{2000};

bool isFramingHeader(QByteArrayView name)
{
    return name.compare("Content-Length", Qt::CaseInsensitive) == 0
        || name.compare("Connection", Qt::CaseInsensitive) == 0
        || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0;
}

// A handler's header must not be able to split the response.
bool isSafeHeaderText(QByteArrayView text)
{
    return !text.contains('\r') && !text.contains('\n');
}

bool asksToClose(const HttpResponse &response)
{
    for (const auto &[name, value] : response.headers) {
        if (name.compare("Connection", Qt::CaseInsensitive) == 0
            && value.toLower().contains("close")) {
            return true;
        }
    }
    return false;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, bool tls, HttpServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_tls(tls)
    , m_peer(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_parser(server->limits())
{
    socket->setParent(this);
    // Bounded so a client that sends faster than we answer is slowed by TCP itself.
    socket->setReadBufferSize(ReadChunk);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::processInput);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_closing)
            shutdownWriteIfFlushed();
        else if (!m_processing)
            processInput();
    });
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_phase == Phase::Handshake) {
            qCWarning(lcHttp).noquote() << "TLS handshake with" << m_peer.toString()
                                        << "failed:" << m_socket->errorString();
        } else if (error != QAbstractSocket::RemoteHostClosedError) {
            qCDebug(lcHttp).noquote() << "connection from" << m_peer.toString() << "failed:"
                                      << m_socket->errorString();
        }
        m_socket->abort();
        deleteLater();
    });

    if (tls) {
        connect(static_cast<QSslSocket *>(socket), &QSslSocket::encrypted, this,
                &HttpConnection::start);
        setPhase(Phase::Handshake, server->limits().handshakeTimeout);
    } else {
        start();
    }
}

HttpConnection::~HttpConnection()
{
    m_server->connectionFinished();
}

void HttpConnection::start()
{
    m_phase = Phase::None;
    processInput();
}

void HttpConnection::answer(quint64 id, HttpResponse &&response)
{
    // The client may be gone already (deleteLater is pending): nobody is left to answer.
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (id < m_firstPendingId || id - m_firstPendingId >= m_pending.size())
        return;
    PendingAnswer &pending = m_pending[id - m_firstPendingId];
    if (pending.response)
        return;
    pending.response = std::move(response);
    flushAnswers();
}

void HttpConnection::processInput()
{
    if (m_closing) {
        discardInput();
        return;
    }
    if (m_processing || m_phase == Phase::Handshake)
        return;

    m_processing = true;
    while (!m_closing && !paused()) {
        qsizetype consumed = 0;
        const auto input = QByteArrayView(m_input).sliced(m_inputPos);
        const auto result = m_parser.feed(input, &consumed);
        m_inputPos += consumed;

        if (result == HttpRequestParser::Result::NeedMore) {
            if (!readMore())
                break;
        } else if (result == HttpRequestParser::Result::HeadComplete) {
            headComplete();
        } else if (result == HttpRequestParser::Result::Complete) {
            dispatch();
        } else {
            refuse(m_parser.errorStatus(), m_parser.errorText());
        }
    }
    m_processing = false;
    updateTimer();
}

bool HttpConnection::readMore()
{
    if (m_inputPos > 0) {
        m_input.remove(0, m_inputPos);
        m_inputPos = 0;
    }
    const qint64 chunk = std::min(m_socket->bytesAvailable(), ReadChunk);
    if (chunk <= 0)
        return false;

    const qsizetype old = m_input.size();
    m_input.resize(old + qsizetype(chunk));
    const qint64 got = m_socket->read(m_input.data() + old, chunk);
    m_input.resize(old + qsizetype(std::max<qint64>(got, 0)));
    if (got <= 0)
        return false;

    if (!m_parser.inHead())
        setPhase(Phase::Body, m_server->limits().bodyTimeout); // progress restarts the clock
    return true;
}

bool HttpConnection::paused() const
{
    // Only between requests: a request already begun is always read to its end.
    return m_parser.inHead()
        && (m_pending.size() >= size_t(m_server->limits().maxPipelined)
            || m_socket->bytesToWrite() > MaxWriteBacklog);
}

void HttpConnection::headComplete()
{
    const bool bodyBuffered = m_inputPos < m_input.size() || m_socket->bytesAvailable() > 0;
    if (m_parser.expectsContinue() && m_parser.contentLength() > 0 && !bodyBuffered) {
        m_continueDue = true;
        sendContinueIfDue();
    }
    if (m_parser.contentLength() > 0)
        setPhase(Phase::Body, m_server->limits().bodyTimeout);
}

void HttpConnection::dispatch()
{
    HttpRequest request = m_parser.takeRequest();
    request.peer = m_peer;
    request.peerPort = m_peerPort;
    request.secure = m_tls;

    m_continueDue = false;
    m_pending.push_back({std::nullopt, request.method == "HEAD", request.keepAlive,
                         request.versionMinor});
    const quint64 id = m_firstPendingId + m_pending.size() - 1;
    if (!request.keepAlive)
        m_closing = true; // nothing after this request is read
    m_timer.stop();
    m_phase = Phase::None;

    m_server->dispatch(std::move(request), HttpResponder(this, id));
}

void HttpConnection::refuse(int status, const QByteArray &text)
{
    if (m_closing)
        return;
    qCWarning(lcHttp).noquote() << "refused a request from" << m_peer.toString() << "with"
                                << status << '-' << QString::fromUtf8(text);
    m_server->noteRefused(status, m_peer);

    m_closing = true;
    m_continueDue = false;
    m_pending.push_back({HttpResponse::text(status, text + '\n'), false, false, 1});
    flushAnswers();
}

void HttpConnection::flushAnswers()
{
    while (!m_pending.empty() && m_pending.front().response) {
        const PendingAnswer pending = std::move(m_pending.front());
        m_pending.pop_front();
        ++m_firstPendingId;

        const bool keepAlive = pending.keepAlive && !asksToClose(*pending.response);
        writeAnswer(pending, *pending.response, keepAlive);
        if (!keepAlive) {
            m_pending.clear();
            beginClose();
            return;
        }
    }
    sendContinueIfDue();
    if (!m_processing)
        processInput(); // reading may have paused on the pipelining limit
}

void HttpConnection::writeAnswer(const PendingAnswer &pending, const HttpResponse &response,
                                 bool keepAlive)
{
    const QByteArrayView reason = reasonPhrase(response.status);
    const bool bodyless = response.status == 204 || response.status == 304
        || (response.status >= 100 && response.status < 200);

    QByteArray out;
    out.reserve(96 + response.headers.size() * 48 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (isFramingHeader(name) || !isSafeHeaderText(name) || !isSafeHeaderText(value))
            continue;
        out += name + ": " + value + "\r\n";
    }
    if (!bodyless)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    else if (pending.versionMinor == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!bodyless && !pending.headRequest)
        out += response.body;

    m_socket->write(out);
}

void HttpConnection::sendContinueIfDue()
{
    if (!m_continueDue || !m_pending.empty() || m_closing)
        return;
    m_continueDue = false;
    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void HttpConnection::beginClose()
{
    m_closing = true;
    const auto linger = std::min(MaxLinger, m_server->limits().idleTimeout);
    setPhase(Phase::Linger, linger);
    if (m_tls) {
        m_socket->disconnectFromHost();
        return;
    }
    shutdownWriteIfFlushed();
    discardInput();
}

// Half-closes after the last answer left, then drains what the client still sends: closing
// with unread input would reset the connection and could destroy the answer in flight.
void HttpConnection::shutdownWriteIfFlushed()
{
    if (m_tls || m_writeShut)
        return;
    m_socket->flush();
    if (m_socket->bytesToWrite() > 0)
        return;
    m_writeShut = true;
#ifdef Q_OS_UNIX
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#else
    m_socket->disconnectFromHost();
#endif
}

void HttpConnection::discardInput()
{
    m_input.clear();
    m_inputPos = 0;
    m_socket->skip(m_socket->bytesAvailable());
}

void HttpConnection::updateTimer()
{
    if (m_closing || m_phase == Phase::Handshake || m_phase == Phase::Body)
        return;
    const ServerLimits &limits = m_server->limits();
    if (paused()) {
        m_timer.stop();
        m_phase = Phase::None;
    } else if (m_inputPos < m_input.size()) {
        if (m_phase != Phase::Header)
            setPhase(Phase::Header, limits.headerTimeout);
    } else if (m_pending.empty()) {
        if (m_phase != Phase::Idle)
            setPhase(Phase::Idle, limits.idleTimeout);
    } else {
        m_timer.stop();
        m_phase = Phase::None;
    }
}

void HttpConnection::setPhase(Phase phase, std::chrono::milliseconds timeout)
{
    m_phase = phase;
    m_timer.start(int(timeout.count()), Qt::CoarseTimer, this);
}

void HttpConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_timer.stop();
    switch (m_phase) {
    case Phase::Header:
    case Phase::Body:
        refuse(408, "The request was not received in time.");
        break;
    case Phase::Idle:
        qCDebug(lcHttp).noquote() << "closing idle connection from" << m_peer.toString();
        beginClose();
        break;
    case Phase::Handshake:
        qCWarning(lcHttp).noquote() << "TLS handshake with" << m_peer.toString() << "timed out";
        [[fallthrough]];
    case Phase::Linger:
        m_socket->abort();
        deleteLater();
        break;
    case Phase::None:
        break;
    }
}

} // namespace fw::http
