#include "api/fakencmserver.h"

#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace fw::test {

FakeNcmServer::FakeNcmServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &FakeNcmServer::onNewConnection);
}

bool FakeNcmServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl FakeNcmServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/api/v2/"_s.arg(serverPort()));
}

void FakeNcmServer::onNewConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeNcmServer::serve(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.first(headerEnd).split('\n');
        FakeRequest request;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].first(colon).trimmed().toLower(), lines[i].sliced(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);

        const QUrl url(QString::fromLatin1(request.target));
        request.path = url.path();
        request.query = QUrlQuery(url.query(QUrl::FullyEncoded));
        if (m_now)
            request.at = m_now();
        m_requests.append(request);

        const FakeResponse response = m_handler ? m_handler(request) : FakeResponse{404, {}, {}};
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " X\r\n";
        bool typed = false;
        for (const auto &[name, value] : response.headers) {
            out += name + ": " + value + "\r\n";
            typed = typed || name.compare("content-type", Qt::CaseInsensitive) == 0;
        }
        if (!typed)
            out += "Content-Type: application/json\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n" + response.body;
        socket->write(out);
        Q_EMIT requestReceived();
    }
}

QByteArray listPage(const QList<QByteArray> &records, const QString &next)
{
    QByteArray json = "{\"data\": [" + records.join(',') + "], \"meta\": {\"limit\": 500, \"offset\": 0, \"next\": ";
    json += next.isEmpty() ? QByteArray("null") : '"' + next.toUtf8() + '"';
    return json + ", \"previous\": null}}";
}

} // namespace fw::test
