#pragma once

#include "api/apikeys.h"
#include "http/httpmessage.h"
#include "sandbox/alertengine.h"
#include "sandbox/simrandom.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QUrl>

#include <deque>
#include <functional>

namespace fw::sandbox {

class Fleet;
class FleetResources;
class ListQuery;
class SimClock;

struct ApiOptions
{
    fw::api::ApiKeys keys;
    int rateLimitPerMinute = 0;  // per API key; 0: unlimited
    double faultRate = 0;        // share of authenticated calls answered 500 or 503
    int latencyMs = 0;           // added before each answer by the transport
    quint64 seed = 1;
};

// The NCM v2 API over the simulated fleet, independent of any transport: one request in,
// one response out. The conventions are those of shared/ncm-facts.md (docs/sandbox.md).
class SandboxApi final
{
public:
    SandboxApi(Fleet &fleet, FleetResources &resources, AlertEngine &engine, SimClock &clock,
               const ApiOptions &options);
    Q_DISABLE_COPY_MOVE(SandboxApi)

    // "http://127.0.0.1:8080": the origin that references, meta.next and Location use.
    void setOrigin(const QUrl &origin);
    QString apiBase() const;
    int latencyMs() const { return m_options.latencyMs; }
    // Milliseconds of wall time for the rate limiter; tests replace it.
    void setWallClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }

    fw::http::HttpResponse handle(const fw::http::HttpRequest &request);
    QJsonObject statistics() const;

private:
    struct Collection
    {
        qsizetype size = 0;
        std::function<QJsonObject(qsizetype)> at;
    };
    struct Route
    {
        QString resource;
        QString id;      // empty for the collection
        bool valid = false;
    };

    fw::http::HttpResponse dispatch(const fw::http::HttpRequest &request, const Route &route);
    fw::http::HttpResponse list(const fw::http::HttpRequest &request, const QString &resource);
    fw::http::HttpResponse detail(const fw::http::HttpRequest &request, const Route &route);
    fw::http::HttpResponse write(const fw::http::HttpRequest &request, const Route &route);
    fw::http::HttpResponse patchRouter(const QString &id, const QJsonObject &body);
    fw::http::HttpResponse page(const fw::http::HttpRequest &request, const ListQuery &query,
                                const Collection &collection);

    std::optional<Collection> collectionFor(const QString &resource, const ListQuery &query,
                                            fw::http::HttpResponse *refusal);
    std::optional<QJsonObject> recordFor(const QString &resource, const QString &id);
    QJsonObject shape(QJsonObject record, const ListQuery &query);
    QString pageUrl(const fw::http::HttpRequest &request, int limit, int offset) const;

    bool authenticated(const fw::http::HttpRequest &request) const;
    std::optional<fw::http::HttpResponse> throttle(const QByteArray &key);
    void remember(const QByteArray &key);
    void count(const QString &endpoint, int status);

    Fleet &m_fleet;
    FleetResources &m_resources;
    AlertEngine &m_engine;
    SimClock &m_clock;
    ApiOptions m_options;
    SimRandom m_faults;
    QUrl m_origin;
    QElapsedTimer m_wall;
    std::function<qint64()> m_nowMs;
    QHash<QByteArray, std::deque<qint64>> m_windows;   // call times per key, last minute
    qint64 m_total = 0;
    QMap<QString, qint64> m_perEndpoint;
    QMap<QString, QMap<QString, qint64>> m_perDay;       // simulated date -> endpoint -> calls
    QMap<int, qint64> m_perStatus;
};

// NCM-style error bodies.
fw::http::HttpResponse errorResponse(int status, const QString &type, const QString &message);
fw::http::HttpResponse fieldErrorResponse(const FieldErrors &errors);

} // namespace fw::sandbox
