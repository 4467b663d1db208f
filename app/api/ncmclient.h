#pragma once

#include "api/apikeys.h"
#include "api/ratebudget.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace fw::api {

class CallLedger;
class Clock;

struct ClientOptions
{
    QUrl baseUrl = QUrl(QStringLiteral("https://www.cradlepointecm.com/api/v2/"));
    std::chrono::milliseconds transferTimeout{30000}; // real time, per attempt
    int maxAttempts = 6;                              // first try included
    qint64 backoffBaseMs = 2000;                      // simulated; doubles per attempt
    qint64 backoffMaxMs = 120000;
    qint64 retryAfterMaxMs = 600000;                  // a longer Retry-After is cut to this
    int pageLimit = 500;                              // NCM's maximum
    BudgetConfig budget;
    // Hosts (and their subdomains) that may receive the keys besides the base URL's host.
    // Only over https on the default port.
    QStringList ncmDomains{QStringLiteral("cradlepointecm.com")};
};

// One answer after retries. error is a sentence for the operator; empty when ok.
struct ApiReply
{
    int status = 0;          // 0 when no HTTP answer arrived
    QJsonDocument json;      // null for an empty body; on an error, NCM's error body when it is JSON
    QString error;
    QString ncmMessage;      // NCM's own words, when it gave any
    int attempts = 0;
    bool ok() const { return error.isEmpty(); }
};

// The NCM v2 REST client: one QNetworkAccessManager, the four auth headers, trailing
// slashes, pagination, __in chunking, retries with backoff and jitter, a call budget and
// per-endpoint call counts. Asynchronous; every handler runs on the client's thread and
// is dropped when its context object is gone.
class NcmClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NcmClient)

public:
    using ReplyHandler = std::function<void(const ApiReply &)>;
    // Returns an error sentence to stop paging (bad record shape), or an empty string.
    using PageHandler = std::function<QString(const QJsonArray &records)>;
    using FinishedHandler = std::function<void(const QString &error)>;

    static constexpr int maxInValues = 100;

    NcmClient(const ApiKeys &keys, const ClientOptions &options, const Clock *clock,
              CallLedger *ledger, QObject *parent = nullptr);
    ~NcmClient() override;

    const ClientOptions &options() const { return m_options; }
    const Clock *clock() const { return m_clock; }
    CallLedger *ledger() const { return m_ledger; }

    // path is relative to the base URL ("routers", "alert_rules/abc"); the trailing slash
    // is added.
    QUrl endpointUrl(const QString &path, const QUrlQuery &query = {}) const;

    void get(const QString &path, const QUrlQuery &query, QObject *context, ReplyHandler done);
    void send(const QByteArray &method, const QString &path, const QJsonObject &body,
              QObject *context, ReplyHandler done);

    // GET every page (limit=pageLimit unless the query sets one), following meta.next.
    void list(const QString &path, const QUrlQuery &query, QObject *context, PageHandler page,
              FinishedHandler finished);
    // The same for field__in=ids, in chunks of maxInValues ids, one chunk after another.
    void listIn(const QString &path, const QUrlQuery &query, const QString &field,
                const QStringList &ids, QObject *context, PageHandler page,
                FinishedHandler finished);

    // Whether a link NCM returned may receive the API keys (see docs/api.md).
    bool mayFollow(const QUrl &url) const;

    static QString endpointName(const QUrl &baseUrl, const QUrl &url);

Q_SIGNALS:
    void throttled(int status, qint64 delayMs);

private:
    struct Call;
    struct ListJob;

    void dispatch(const std::shared_ptr<Call> &call);
    void transmit(const std::shared_ptr<Call> &call);
    void finish(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void finishUnanswered(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    bool retryIfTransient(const std::shared_ptr<Call> &call, int status, const QByteArray &body,
                          const QByteArray &retryAfter);
    void deliver(const std::shared_ptr<Call> &call, const ApiReply &reply);
    void retryLater(const std::shared_ptr<Call> &call, qint64 delayMs);
    void fetchPage(const std::shared_ptr<ListJob> &job, const QUrl &url);
    QString handlePage(const std::shared_ptr<ListJob> &job, const ApiReply &reply, QUrl *next);
    qint64 backoffMs(int attempt) const;
    qint64 retryAfterMs(const QByteArray &value) const;

    ApiKeys m_keys;
    ClientOptions m_options;
    const Clock *m_clock;
    CallLedger *m_ledger;
    RateBudget m_budget;
    QNetworkAccessManager *m_network;
};

// "NCM refused the API keys (HTTP 401: ...)." and the like.
QString describeFailure(int status, const QString &what, const QString &ncmMessage);
// NCM's own message from an error body, in plain text; empty when there is none.
QString ncmMessageFrom(const QByteArray &body);
// Whether a 409 is throttling (v3 style: no "errors" array) rather than a refusal.
bool isThrottling409(const QByteArray &body);

} // namespace fw::api
