#pragma once

#include <QByteArray>
#include <QTcpSocket>
#include <QTest>

#include <optional>

// A deliberately dumb HTTP client over a raw QTcpSocket, for the cases QNetworkAccessManager
// cannot express (malformed requests, pipelining, stalled clients). Waits spin the event
// loop, so a server on the test's own thread keeps working.
namespace fw::test {

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.sliced(colon + 1).trimmed();
        }
        return {};
    }
};

class RawHttpClient
{
public:
    bool connectTo(quint16 port, int timeoutMs = 5000)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               timeoutMs);
    }

    void send(QByteArrayView bytes)
    {
        socket.write(bytes.constData(), bytes.size());
        socket.flush();
    }

    // One whole response (head and Content-Length body), or nothing within the timeout.
    std::optional<RawResponse> readResponse(int timeoutMs = 5000)
    {
        std::optional<RawResponse> response;
        [[maybe_unused]] const bool done = QTest::qWaitFor([&] {
            buffer += socket.readAll();
            response = takeResponse();
            return response.has_value();
        }, timeoutMs);
        return response;
    }

    // True when the server closed the connection within the timeout.
    bool waitForClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] {
            buffer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        }, timeoutMs);
    }

    QTcpSocket socket;
    QByteArray buffer;

private:
    std::optional<RawResponse> takeResponse()
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        RawResponse response;
        response.head = buffer.first(end);
        response.status = response.head.mid(9, 3).toInt();
        const qsizetype length = response.header("Content-Length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return std::nullopt;
        response.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return response;
    }
};

} // namespace fw::test
