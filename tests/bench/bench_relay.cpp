// Relay benchmark: the built fleetwall-relay (run it from the release preset) with 50
// dashboards connected over WebSocket.
//   figure: relay_fanout_events_per_s_50  events pushed in 50-alert pushes, until every one of
//           the 50 dashboards has received every event
//   figure: relay_latency_p99_ms           one-alert pushes at a steady 500/s: from the moment
//           the push is sent to the relay until the event arrives at a dashboard, p99 over
//           every (push, dashboard) pair
// FW_BENCH_EVENTS sets the events of the fan-out run (default 20000).

#include "relay/protocol.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int Dashboards = 50;
const QByteArray Secret = "bench-secret";

struct Dashboard
{
    QWebSocket socket;
    int events = 0;
    bool welcomed = false;
    std::vector<qint64> arrivalNs; // by latency-push index
};

QByteArray alertJson(const QString &id, int index)
{
    return u"{\"type\":\"wwan_connected\",\"router\":\"https://x/api/v2/routers/%1/\","
             "\"detected_at\":\"2026-12-03T10:00:00.%2+00:00\",\"created_at_timeuuid\":\"%3\","
             "\"friendly_info\":\"bench\",\"info\":{\"n\":%1}}"_s
            .arg(index % 1000).arg(index % 1000000, 6, 10, QLatin1Char('0')).arg(id).toUtf8();
}

class Bench
{
public:
    bool start();
    bool connectDashboards();
    double fanout(int events);
    double latencyP99(int pushes);
    void stop();

private:
    QNetworkReply *post(const QByteArray &body);
    void onMessage(Dashboard *dashboard, const QString &text);

    QTemporaryDir m_dir;
    QProcess m_relay;
    QString m_token;
    quint16 m_webhookPort = 0;
    quint16 m_wsPort = 0;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<Dashboard>> m_dashboards;
    QElapsedTimer m_clock;
    int m_pending = 0;
};

bool Bench::start()
{
    const QString binary = qEnvironmentVariable("FLEETWALL_BIN_DIR") + u"/fleetwall-relay"_s;
    QFile secret(m_dir.filePath(u"secret"_s));
    if (!secret.open(QIODevice::WriteOnly))
        return false;
    secret.write(Secret);
    secret.close();
    QProcess add;
    add.start(binary, {u"token"_s, u"add"_s, u"bench"_s, u"--tokens-file"_s, m_dir.filePath(u"tokens"_s)});
    add.waitForFinished();
    m_token = QString::fromUtf8(add.readAllStandardOutput()).trimmed();

    m_relay.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_relay.start(binary, {u"--listen"_s, u"127.0.0.1:0"_s, u"--ws-listen"_s, u"127.0.0.1:0"_s,
                           u"--secret-file"_s, m_dir.filePath(u"secret"_s), u"--tokens-file"_s,
                           m_dir.filePath(u"tokens"_s), u"--db"_s, m_dir.filePath(u"relay.sqlite"_s)});
    QString output;
    (void)QTest::qWaitFor([&] {
        output += QString::fromUtf8(m_relay.readAllStandardOutput());
        return output.count(u'\n') >= 2 || m_relay.state() == QProcess::NotRunning;
    }, 20000);
    const QRegularExpression port(u"(webhook|dashboards) \\w+://127.0.0.1:(\\d+)"_s);
    for (auto it = port.globalMatch(output); it.hasNext();) {
        const auto match = it.next();
        (match.captured(1) == "webhook"_L1 ? m_webhookPort : m_wsPort) = quint16(match.captured(2).toUInt());
    }
    m_clock.start();
    return m_webhookPort && m_wsPort && m_token.startsWith("fwr_"_L1);
}

void Bench::onMessage(Dashboard *dashboard, const QString &text)
{
    if (text.startsWith("{\"type\":\"event\""_L1)) {
        ++dashboard->events;
        const qsizetype at = text.indexOf("\"lat-"_L1);
        if (at >= 0) {
            const int index = QStringView(text).sliced(at + 5, text.indexOf(u'"', at + 5) - at - 5).toInt();
            if (index >= 0 && size_t(index) < dashboard->arrivalNs.size())
                dashboard->arrivalNs[size_t(index)] = m_clock.nsecsElapsed();
        }
    } else if (text.contains("\"type\":\"ping\""_L1)) {
        dashboard->socket.sendTextMessage(QString::fromUtf8(fw::relay::encodePong(dashboard->events)));
    } else if (text.contains("\"type\":\"welcome\""_L1)) {
        dashboard->welcomed = true;
    }
}

bool Bench::connectDashboards()
{
    for (int i = 0; i < Dashboards; ++i) {
        auto dashboard = std::make_unique<Dashboard>();
        Dashboard *raw = dashboard.get();
        raw->socket.setMaxAllowedIncomingMessageSize(fw::relay::MaxServerMessageSize);
        QObject::connect(&raw->socket, &QWebSocket::connected, &raw->socket, [this, raw] {
            fw::relay::Hello hello;
            hello.token = m_token;
            raw->socket.sendTextMessage(QString::fromUtf8(fw::relay::encodeHello(hello)));
        });
        QObject::connect(&raw->socket, &QWebSocket::textMessageReceived, &raw->socket,
                         [this, raw](const QString &text) { onMessage(raw, text); });
        raw->socket.open(QUrl(u"ws://127.0.0.1:%1/"_s.arg(m_wsPort)));
        m_dashboards.push_back(std::move(dashboard));
    }
    return QTest::qWaitFor([this] {
        return std::all_of(m_dashboards.begin(), m_dashboards.end(), [](const auto &d) { return d->welcomed; });
    }, 30000);
}

QNetworkReply *Bench::post(const QByteArray &body)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(m_webhookPort)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("X-CP-Signature",
                         QMessageAuthenticationCode::hash(body, Secret, QCryptographicHash::Sha256).toHex());
    ++m_pending;
    QNetworkReply *reply = m_network.post(request, body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
        --m_pending;
        if (reply->error() != QNetworkReply::NoError)
            std::fprintf(stderr, "push failed: %s\n", qPrintable(reply->errorString()));
        reply->deleteLater();
    });
    return reply;
}

double Bench::fanout(int events)
{
    constexpr int PerPush = 50;
    const int before = m_dashboards.front()->events;
    QElapsedTimer timer;
    timer.start();
    for (int first = 0; first < events; first += PerPush) {
        QByteArray body = "{\"data\":[";
        for (int i = first; i < std::min(events, first + PerPush); ++i)
            body += (i > first ? "," : "") + alertJson(u"fan-%1"_s.arg(i), i);
        body += "]}";
        post(body);
        (void)QTest::qWaitFor([this] { return m_pending < 8; }, 30000);
    }
    const bool all = QTest::qWaitFor([&] {
        return std::all_of(m_dashboards.begin(), m_dashboards.end(),
                           [&](const auto &d) { return d->events >= before + events; });
    }, 600000);
    if (!all)
        return -1;
    return events / (double(timer.nsecsElapsed()) / 1e9);
}

double Bench::latencyP99(int pushes)
{
    for (auto &dashboard : m_dashboards)
        dashboard->arrivalNs.assign(size_t(pushes), -1);
    std::vector<qint64> sentNs(size_t(pushes), 0);
    QElapsedTimer pacing;
    pacing.start();
    for (int i = 0; i < pushes; ++i) {
        // A steady 500 pushes a second.
        (void)QTest::qWaitFor([&] { return pacing.nsecsElapsed() >= qint64(i) * 2'000'000; }, 10000);
        sentNs[size_t(i)] = m_clock.nsecsElapsed();
        post(alertJson(u"lat-%1"_s.arg(i), 1'000'000 + i));
    }
    (void)QTest::qWaitFor([&] {
        return std::all_of(m_dashboards.begin(), m_dashboards.end(),
                           [](const auto &d) { return d->arrivalNs.back() >= 0; });
    }, 60000);
    std::vector<double> latencies;
    for (const auto &dashboard : m_dashboards) {
        for (int i = 0; i < pushes; ++i) {
            if (dashboard->arrivalNs[size_t(i)] >= 0)
                latencies.push_back(double(dashboard->arrivalNs[size_t(i)] - sentNs[size_t(i)]) / 1e6);
        }
    }
    std::sort(latencies.begin(), latencies.end());
    if (latencies.size() != size_t(pushes) * m_dashboards.size())
        std::fprintf(stderr, "only %zu of %zu arrivals seen\n", latencies.size(), size_t(pushes) * m_dashboards.size());
    return latencies.empty() ? -1 : latencies[size_t(double(latencies.size() - 1) * 0.99)];
}

void Bench::stop()
{
    m_relay.terminate();
    m_relay.waitForFinished(20000);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Bench bench;
    if (!bench.start()) {
        std::fprintf(stderr, "bench_relay: cannot start fleetwall-relay from FLEETWALL_BIN_DIR\n");
        return 1;
    }
    if (!bench.connectDashboards()) {
        std::fprintf(stderr, "bench_relay: not every dashboard was welcomed\n");
        return 1;
    }
    const int events = qEnvironmentVariableIsSet("FW_BENCH_EVENTS") ? qEnvironmentVariableIntValue("FW_BENCH_EVENTS")
                                                                    : 20000;
    const double rate = bench.fanout(events);
    std::printf("figure: relay_fanout_events_per_s_50 = %.0f events/s\n", rate);
    std::fflush(stdout);
    const double p99 = bench.latencyP99(2000);
    std::printf("figure: relay_latency_p99_ms = %.2f ms\n", p99);
    bench.stop();
    return p99 < 0 || rate < 0 ? 1 : 0;
}
