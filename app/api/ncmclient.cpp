#include "api/ncmclient.h"

#include "api/callledger.h"
#include "api/clock.h"
#include "core/logging.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

struct NcmClient::Call
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    bool hasBody = false;
    QString endpoint;
    QPointer<QObject> context;
    ReplyHandler done;
    int attempts = 0;
};

struct NcmClient::ListJob
{
    QString endpoint;
    QPointer<QObject> context;
    PageHandler page;
    FinishedHandler finished;
    QUrl lastUrl;
    int pages = 0;
};

namespace {

constexpr int s_maxPages = 100000; // a loop guard far above any real fleet
constexpr int s_maxMessageChars = 200;

QUrl normalisedBase(QUrl base)
{
    QString path = base.path();
    if (!path.endsWith(u'/'))
        base.setPath(path + u'/');
    return base;
}

QString plainText(QString text)
{
    text = text.simplified();
    text.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    if (text.size() > s_maxMessageChars)
        text = text.first(s_maxMessageChars) + u"…"_s;
    return text;
}

QString messageFromObject(const QJsonObject &object);

QString stringAt(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return messageFromObject(value.toObject());
    return {};
}

QString messageFromObject(const QJsonObject &object)
{
    for (const QLatin1StringView key : {"message"_L1, "detail"_L1, "error"_L1, "exception"_L1}) {
        const QString text = stringAt(object, key);
        if (!text.isEmpty())
            return text;
    }
    const QJsonValue errors = object.value("errors"_L1);
    if (errors.isArray() && !errors.toArray().isEmpty()) {
        const QJsonValue first = errors.toArray().first();
        if (first.isString())
            return first.toString();
        return messageFromObject(first.toObject());
    }
    if (object.value("data"_L1).isObject())
        return messageFromObject(object.value("data"_L1).toObject());
    return {};
}

bool isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout aborts this way
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

} // namespace

QString ncmMessageFrom(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject())
        return plainText(messageFromObject(document.object()));
    if (parseError.error == QJsonParseError::NoError)
        return {};
    // A proxy or load balancer may answer with text or HTML: keep a short plain line.
    if (body.trimmed().startsWith('<'))
        return {};
    return plainText(QString::fromUtf8(body.left(1024)));
}

bool isThrottling409(const QByteArray &body)
{
    // v3 throttles with a 409 that has no "errors" array; v2 refuses (order_by, a missing
    // required filter) with a 409 that explains itself. Retry only the first kind.
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue errors = document.object().value("errors"_L1);
    if (errors.isArray() && !errors.toArray().isEmpty())
        return false;
    const QString message = ncmMessageFrom(body);
    return message.isEmpty() || message.contains("throttl"_L1, Qt::CaseInsensitive)
        || message.contains("rate limit"_L1, Qt::CaseInsensitive)
        || message.contains("too many"_L1, Qt::CaseInsensitive);
}

QString describeFailure(int status, const QString &what, const QString &ncmMessage)
{
    QString sentence;
    switch (status) {
    case 400: sentence = u"NCM rejected the request for %1 as invalid"_s.arg(what); break;
    case 401: sentence = u"NCM refused the API keys"_s; break;
    case 403: sentence = u"NCM does not allow these API keys to use %1"_s.arg(what); break;
    case 404: sentence = u"NCM does not know %1"_s.arg(what); break;
    case 405: sentence = u"NCM does not allow this method on %1"_s.arg(what); break;
    case 408:
    case 429: sentence = u"NCM kept throttling the requests for %1"_s.arg(what); break;
    case 409: sentence = u"NCM refused the request for %1 as conflicting"_s.arg(what); break;
    default:
        if (status >= 500)
            sentence = u"NCM kept failing with a server error on %1"_s.arg(what);
        else if (status >= 300 && status < 400)
            sentence = u"NCM redirected the request for %1, which Fleetwall does not follow so the API keys stay with NCM"_s.arg(what);
        else
            sentence = u"NCM answered the request for %1 unexpectedly"_s.arg(what);
    }
    sentence += u" (HTTP %1"_s.arg(status);
    if (!ncmMessage.isEmpty())
        sentence += u": "_s + ncmMessage;
    return sentence + u")."_s;
}

NcmClient::NcmClient(const ApiKeys &keys, const ClientOptions &options, const Clock *clock,
                     CallLedger *ledger, QObject *parent)
    : QObject(parent)
    , m_keys(keys)
    , m_options(options)
    , m_clock(clock)
    , m_ledger(ledger)
    , m_budget(options.budget, clock)
    , m_network(new QNetworkAccessManager(this))
{
    m_options.baseUrl = normalisedBase(m_options.baseUrl);
    // Keys must never follow a redirect to another host; a 3xx is reported instead.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

NcmClient::~NcmClient() = default;

QUrl NcmClient::endpointUrl(const QString &path, const QUrlQuery &query) const
{
    QString relative = path;
    while (relative.startsWith(u'/'))
        relative.remove(0, 1);
    if (!relative.endsWith(u'/'))
        relative += u'/';

    QUrl url = m_options.baseUrl.resolved(QUrl(relative));
    url.setQuery(query);
    return url;
}

QString NcmClient::endpointName(const QUrl &baseUrl, const QUrl &url)
{
    const QString basePath = normalisedBase(baseUrl).path();
    QString path = url.path();
    if (path.startsWith(basePath))
        path = path.sliced(basePath.size());
    else if (const qsizetype at = path.indexOf(u"/api/v2/"_s); at >= 0)
        path = path.sliced(at + 8);
    const QString name = path.section(u'/', 0, 0, QString::SectionSkipEmpty);
    return name.isEmpty() ? u"(root)"_s : name;
}

bool NcmClient::mayFollow(const QUrl &url) const
{
    const QUrl &base = m_options.baseUrl;
    if (!url.isValid() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme().compare(base.scheme(), Qt::CaseInsensitive) != 0)
        return false;

    const QString host = url.host().toLower();
    if (host == base.host().toLower() && url.port(-1) == base.port(-1))
        return true;
    if (url.scheme().compare("https"_L1, Qt::CaseInsensitive) != 0)
        return false;
    if (url.port(443) != 443)
        return false;
    return std::any_of(m_options.ncmDomains.cbegin(), m_options.ncmDomains.cend(),
                       [&host](const QString &domain) {
                           const QString d = domain.toLower();
                           return host == d || host.endsWith(u'.' + d);
                       });
}

void NcmClient::get(const QString &path, const QUrlQuery &query, QObject *context,
                    ReplyHandler done)
{
    auto call = std::make_shared<Call>();
    call->method = QByteArrayLiteral("GET");
    call->url = endpointUrl(path, query);
    call->endpoint = endpointName(m_options.baseUrl, call->url);
    call->context = context;
    call->done = std::move(done);
    dispatch(call);
}

void NcmClient::send(const QByteArray &method, const QString &path, const QJsonObject &body,
                     QObject *context, ReplyHandler done)
{
    auto call = std::make_shared<Call>();
    call->method = method;
    call->url = endpointUrl(path);
    call->endpoint = endpointName(m_options.baseUrl, call->url);
    call->hasBody = method != "DELETE";
    if (call->hasBody)
        call->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call->context = context;
    call->done = std::move(done);
    dispatch(call);
}

void NcmClient::dispatch(const std::shared_ptr<Call> &call)
{
    const qint64 waitMs = m_budget.reserve();
    if (waitMs <= 0) {
        transmit(call);
        return;
    }
    qCDebug(lcApi) << "call budget: waiting" << waitMs << "ms (simulated) before" << call->endpoint;
    QTimer::singleShot(m_clock->realMs(waitMs), this, [this, call] { transmit(call); });
}

void NcmClient::transmit(const std::shared_ptr<Call> &call)
{
    if (!call->context)
        return; // the caller is gone: spend no call

    QNetworkRequest request(call->url);
    request.setRawHeader("X-CP-API-ID", m_keys.cpApiId);
    request.setRawHeader("X-CP-API-KEY", m_keys.cpApiKey);
    request.setRawHeader("X-ECM-API-ID", m_keys.ecmApiId);
    request.setRawHeader("X-ECM-API-KEY", m_keys.ecmApiKey);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Fleetwall/" FLEETWALL_VERSION));
    if (call->hasBody)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(static_cast<int>(m_options.transferTimeout.count()));

    ++call->attempts;
    if (m_ledger)
        m_ledger->record(call->endpoint);
    qCDebug(lcApi) << call->method << call->url.toString(QUrl::RemoveUserInfo) << "attempt" << call->attempts;

    QNetworkReply *reply = call->hasBody
        ? m_network->sendCustomRequest(request, call->method, call->body)
        : m_network->sendCustomRequest(request, call->method);
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] { finish(call, reply); });
}

void NcmClient::finish(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();

    if (status == 0) {
        finishUnanswered(call, reply);
        return;
    }
    if (retryIfTransient(call, status, body, reply->rawHeader("Retry-After")))
        return;

    const QString what = call->endpoint + u'/';
    if (status < 200 || status >= 300) {
        const QString message = ncmMessageFrom(body);
        qCWarning(lcApi) << "NCM at" << call->url.host() << "answered" << status << "for" << what;
        // The body is kept for callers that read NCM's field errors (the rule editor).
        deliver(call, {status, QJsonDocument::fromJson(body), describeFailure(status, what, message), message,
                       call->attempts});
        return;
    }

    ApiReply answer{status, {}, {}, {}, call->attempts};
    if (!body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        answer.json = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            answer.error = u"NCM answered the request for %1 with something that is not JSON (%2 at byte %3)."_s
                               .arg(what, parseError.errorString())
                               .arg(parseError.offset);
    }
    deliver(call, answer);
}

void NcmClient::finishUnanswered(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    if (isRetryableNetworkError(reply->error()) && call->attempts < m_options.maxAttempts) {
        qCWarning(lcApi) << "NCM at" << call->url.host() << "unreachable:" << reply->errorString() << "- retrying";
        retryLater(call, backoffMs(call->attempts));
        return;
    }
    const QString reason = reply->error() == QNetworkReply::OperationCanceledError
        ? u"no answer within %1 s"_s.arg(m_options.transferTimeout.count() / 1000.0)
        : reply->errorString();
    deliver(call, {0, {}, u"Could not reach NCM at %1 (%2)."_s.arg(call->url.host(), reason), {}, call->attempts});
}

bool NcmClient::retryIfTransient(const std::shared_ptr<Call> &call, int status, const QByteArray &body,
                                 const QByteArray &retryAfter)
{
    const bool throttling = status == 408 || status == 429 || (status == 409 && isThrottling409(body));
    const bool transient = status == 500 || status == 502 || status == 503 || status == 504;
    if (!(throttling || transient) || call->attempts >= m_options.maxAttempts)
        return false;

    const qint64 delay = retryAfter.isEmpty() ? backoffMs(call->attempts) : retryAfterMs(retryAfter);
    qCWarning(lcApi) << "NCM at" << call->url.host() << "answered" << status << "for" << call->endpoint
                     << "- retrying in" << delay << "ms (simulated)";
    Q_EMIT throttled(status, delay);
    retryLater(call, delay);
    return true;
}

void NcmClient::deliver(const std::shared_ptr<Call> &call, const ApiReply &reply)
{
    if (call->context && call->done)
        call->done(reply);
}

void NcmClient::retryLater(const std::shared_ptr<Call> &call, qint64 delayMs)
{
    QTimer::singleShot(m_clock->realMs(delayMs), this, [this, call] { dispatch(call); });
}

qint64 NcmClient::backoffMs(int attempt) const
{
    const int exponent = std::clamp(attempt - 1, 0, 20);
    const qint64 ceiling = std::min(m_options.backoffMaxMs, m_options.backoffBaseMs << exponent);
    // Full jitter in the upper half: spreads retries of many clients without collapsing to 0.
    const qint64 half = std::max<qint64>(1, ceiling / 2);
    return half + QRandomGenerator::global()->bounded(half + 1);
}

qint64 NcmClient::retryAfterMs(const QByteArray &value) const
{
    bool isNumber = false;
    const qint64 seconds = value.trimmed().toLongLong(&isNumber);
    qint64 delay = 0;
    if (isNumber) {
        delay = seconds * 1000;
    } else {
        const QDateTime when = QDateTime::fromString(QString::fromLatin1(value.trimmed()), Qt::RFC2822Date);
        delay = when.isValid() ? m_clock->now().msecsTo(when) : backoffMs(1);
    }
    return std::clamp<qint64>(delay, 0, m_options.retryAfterMaxMs);
}

void NcmClient::list(const QString &path, const QUrlQuery &query, QObject *context,
                     PageHandler page, FinishedHandler finished)
{
    QUrlQuery firstQuery = query;
    if (!firstQuery.hasQueryItem(u"limit"_s))
        firstQuery.addQueryItem(u"limit"_s, QString::number(m_options.pageLimit));

    auto job = std::make_shared<ListJob>();
    job->context = context;
    job->page = std::move(page);
    job->finished = std::move(finished);
    const QUrl url = endpointUrl(path, firstQuery);
    job->endpoint = endpointName(m_options.baseUrl, url);
    fetchPage(job, url);
}

void NcmClient::fetchPage(const std::shared_ptr<ListJob> &job, const QUrl &url)
{
    auto call = std::make_shared<Call>();
    call->method = QByteArrayLiteral("GET");
    call->url = url;
    call->endpoint = job->endpoint;
    call->context = job->context;
    call->done = [this, job](const ApiReply &reply) {
        QUrl next;
        const QString error = handlePage(job, reply, &next);
        if (!error.isEmpty() || next.isEmpty()) {
            job->finished(error);
            return;
        }
        fetchPage(job, next);
    };
    job->lastUrl = url;
    dispatch(call);
}

QString NcmClient::handlePage(const std::shared_ptr<ListJob> &job, const ApiReply &reply, QUrl *next)
{
    if (!reply.ok())
        return reply.error;

    const QString what = job->endpoint + u'/';
    const QJsonObject object = reply.json.object();
    if (!reply.json.isObject() || !object.value("data"_L1).isArray())
        return u"NCM's answer for %1 is not a list (no \"data\" array)."_s.arg(what);
    if (const QString error = job->page(object.value("data"_L1).toArray()); !error.isEmpty())
        return error;

    const QJsonValue link = object.value("meta"_L1).toObject().value("next"_L1);
    if (link.isNull() || link.isUndefined() || (link.isString() && link.toString().isEmpty()))
        return {};
    if (!link.isString())
        return u"NCM's answer for %1 has a next-page link that is not a string."_s.arg(what);

    const QUrl resolved = job->lastUrl.resolved(QUrl(link.toString()));
    if (!mayFollow(resolved))
        return u"NCM's next-page link for %1 points to %2, which is not an NCM host; paging stopped so the API keys are not sent there."_s
            .arg(what, resolved.host().isEmpty() ? u"an invalid address"_s : resolved.host());
    if (resolved == job->lastUrl || ++job->pages >= s_maxPages)
        return u"NCM's next-page links for %1 do not advance; paging stopped."_s.arg(what);
    *next = resolved;
    return {};
}

void NcmClient::listIn(const QString &path, const QUrlQuery &query, const QString &field,
                       const QStringList &ids, QObject *context, PageHandler page,
                       FinishedHandler finished)
{
    if (ids.isEmpty()) {
        finished({});
        return;
    }
    QUrlQuery chunkQuery = query;
    const QStringList chunk = ids.first(std::min<qsizetype>(maxInValues, ids.size()));
    chunkQuery.addQueryItem(field + u"__in"_s, chunk.join(u','));
    const QStringList rest = ids.sliced(chunk.size());

    QPointer<QObject> guard(context);
    list(path, chunkQuery, context, page,
         [this, path, query, field, rest, guard, page, finished](const QString &error) {
             if (!error.isEmpty() || rest.isEmpty() || !guard) {
                 finished(error);
                 return;
             }
             listIn(path, query, field, rest, guard, page, finished);
         });
}

} // namespace fw::api
