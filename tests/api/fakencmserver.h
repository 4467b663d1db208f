#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrlQuery>

#include <functional>

// Test-only HTTP/1.1 server on loopback that records requests and answers through a
// handler. Enough HTTP for QNetworkAccessManager: Content-Length bodies, keep-alive.
namespace fw::test {

struct FakeRequest
{
    QByteArray method;
    QByteArray target;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QDateTime at;                          // from the time source, if any
};

struct FakeResponse
{
    int status = 200;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static FakeResponse json(const QByteArray &body, int status = 200) { return {status, body, {}}; }
};

class FakeNcmServer final : public QTcpServer
{
    Q_OBJECT

public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;

    explicit FakeNcmServer(QObject *parent = nullptr);

    bool start();
    QUrl baseUrl() const; // http://127.0.0.1:PORT/api/v2/
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setTimeSource(std::function<QDateTime()> now) { m_now = std::move(now); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

Q_SIGNALS:
    void requestReceived();

private:
    void onNewConnection();
    void serve(QTcpSocket *socket);

    Handler m_handler;
    std::function<QDateTime()> m_now;
    QList<FakeRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// {"data": [...], "meta": {"next": next}} with next null when empty.
QByteArray listPage(const QList<QByteArray> &records, const QString &next = {});

} // namespace fw::test
