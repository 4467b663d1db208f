#include "sandbox/sandboxapi.h"

#include "sandbox/fleet.h"
#include "sandbox/fleetresources.h"
#include "sandbox/listquery.h"
#include "sandbox/ncmformat.h"
#include "sandbox/simclock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;
using fw::http::HttpRequest;
using fw::http::HttpResponse;

namespace fw::sandbox {

namespace {

const QString kApiPrefix = u"/api/v2/"_s;

// Endpoints that refuse a list without their key filter (NCM answers 409).
const QMap<QString, QStringList> kRequiredFilters = {
    {u"net_device_signal_samples"_s, {u"net_device"_s}},
    {u"router_state_samples"_s, {u"router"_s}},
    {u"historical_locations"_s, {u"router"_s}},
    {u"batteries"_s, {u"router"_s}},
};

// Reference fields that expand= may inline, and where they point.
const QStringList kExpandable = {u"account"_s, u"group"_s, u"router"_s, u"net_device"_s};

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString percentEncoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, ",:"));
}

} // namespace

HttpResponse errorResponse(int status, const QString &type, const QString &message)
{
    return HttpResponse::json(status, toJson(QJsonObject{
        {u"errors"_s, QJsonArray{QJsonObject{{u"type"_s, type}, {u"message"_s, message}}}}}));
}

HttpResponse fieldErrorResponse(const FieldErrors &errors)
{
    QJsonArray list;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
        for (const QString &message : it.value()) {
            list.append(QJsonObject{{u"type"_s, u"ValidationError"_s}, {u"field"_s, it.key()},
                                    {u"message"_s, QString(it.key() % u": "_s % message)}});
        }
    }
    return HttpResponse::json(400, toJson(QJsonObject{{u"errors"_s, list}}));
}

SandboxApi::SandboxApi(Fleet &fleet, FleetResources &resources, AlertEngine &engine,
                       SimClock &clock, const ApiOptions &options)
    : m_fleet(fleet)
    , m_resources(resources)
    , m_engine(engine)
    , m_clock(clock)
    , m_options(options)
    , m_faults(options.seed ^ 0xfa017ULL)
{
    m_wall.start();
    m_nowMs = [this] { return m_wall.elapsed(); };
    setOrigin(QUrl(u"http://127.0.0.1"_s));
}

void SandboxApi::setOrigin(const QUrl &origin)
{
    m_origin = origin.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    m_resources.setApiBase(apiBase());
}

QString SandboxApi::apiBase() const
{
    return m_origin.toString() % kApiPrefix;
}

HttpResponse SandboxApi::handle(const HttpRequest &request)
{
    if (request.path == u"/sandbox/stats"_s || request.path == u"/sandbox/stats/"_s)
        return HttpResponse::json(200, toJson(statistics()));
    if (!request.path.startsWith(kApiPrefix.chopped(1)))
        return errorResponse(404, u"NotFound"_s, u"There is nothing at this path."_s);

    const QStringList segments = request.path.mid(kApiPrefix.size()).split(u'/', Qt::SkipEmptyParts);
    const QString endpoint = segments.value(0, u"(root)"_s);
    const QByteArray key = request.header("X-ECM-API-ID");
    const HttpResponse response = [&] {
        if (!request.path.endsWith(u'/')) {
            remember(key);
            QString location = m_origin.toString() % request.path % u'/';
            const qsizetype question = request.target.indexOf('?');
            if (question >= 0)
                location += QString::fromLatin1(request.target.mid(question));
            HttpResponse moved = HttpResponse::text(301, "Moved Permanently\n");
            moved.headers.append({"Location", location.toUtf8()});
            return moved;
        }
        if (!authenticated(request))
            return errorResponse(401, u"NotAuthenticated"_s,
                                 u"Authentication credentials were not provided or are invalid."_s);
        if (std::optional<HttpResponse> refused = throttle(key))
            return *refused;
        remember(key);

        if (m_options.faultRate > 0 && m_faults.chance(m_options.faultRate)) {
            if (m_faults.below(3) == 0)
                return errorResponse(503, u"ServiceUnavailable"_s, u"Service temporarily unavailable."_s);
            return errorResponse(500, u"InternalServerError"_s,
                                 u"500 Internal Server Error: shard-router-%1 did not answer in time."_s
                                     .arg(1 + m_faults.below(8)));
        }
        Route route{endpoint, segments.value(1), segments.size() <= 2};
        return dispatch(request, route);
    }();
    count(endpoint, response.status);
    return response;
}

bool SandboxApi::authenticated(const HttpRequest &request) const
{
    const fw::api::ApiKeys &keys = m_options.keys;
    return !request.header("X-CP-API-ID").isEmpty()
        && request.header("X-CP-API-ID") == keys.cpApiId
        && request.header("X-CP-API-KEY") == keys.cpApiKey
        && request.header("X-ECM-API-ID") == keys.ecmApiId
        && request.header("X-ECM-API-KEY") == keys.ecmApiKey;
}

std::optional<HttpResponse> SandboxApi::throttle(const QByteArray &key)
{
    if (m_options.rateLimitPerMinute <= 0)
        return std::nullopt;
    std::deque<qint64> &window = m_windows[key];
    const qint64 now = m_nowMs();
    while (!window.empty() && window.front() <= now - 60000)
        window.pop_front();
    if (window.size() < size_t(m_options.rateLimitPerMinute))
        return std::nullopt;

    const qint64 waitMs = window.front() + 60000 - now;
    HttpResponse refused = errorResponse(429, u"Throttled"_s,
                                         u"Request was throttled: too many calls for this API key."_s);
    refused.headers.append({"Retry-After", QByteArray::number(std::max<qint64>(1, (waitMs + 999) / 1000))});
    return refused;
}

void SandboxApi::remember(const QByteArray &key)
{
    if (m_options.rateLimitPerMinute > 0)
        m_windows[key].push_back(m_nowMs());
}

void SandboxApi::count(const QString &endpoint, int status)
{
    ++m_total;
    ++m_perEndpoint[endpoint];
    const QString day = QDateTime::fromMSecsSinceEpoch(m_clock.nowUs() / 1000, Qt::UTC)
                            .toString(u"yyyy-MM-dd"_s);
    ++m_perDay[day][endpoint];
    ++m_perStatus[status];
}

QJsonObject SandboxApi::statistics() const
{
    QJsonObject endpoints;
    for (auto it = m_perEndpoint.cbegin(); it != m_perEndpoint.cend(); ++it)
        endpoints.insert(it.key(), it.value());
    QJsonObject days;
    for (auto day = m_perDay.cbegin(); day != m_perDay.cend(); ++day) {
        QJsonObject perEndpoint;
        qint64 total = 0;
        for (auto it = day.value().cbegin(); it != day.value().cend(); ++it) {
            perEndpoint.insert(it.key(), it.value());
            total += it.value();
        }
        days.insert(day.key(), QJsonObject{{u"total"_s, total}, {u"endpoints"_s, perEndpoint}});
    }
    QJsonObject statuses;
    for (auto it = m_perStatus.cbegin(); it != m_perStatus.cend(); ++it)
        statuses.insert(QString::number(it.key()), it.value());

    return {{u"total"_s, m_total},
            {u"endpoints"_s, endpoints},
            {u"days"_s, days},
            {u"status_codes"_s, statuses},
            {u"simulated_time"_s, isoTime(m_clock.nowUs())},
            {u"fleet_time"_s, isoTime(m_fleet.timeUs())},
            {u"speed"_s, m_clock.speed()},
            {u"routers"_s, qint64(m_fleet.routers().size())},
            {u"push"_s, m_engine.statistics()}};
}

HttpResponse SandboxApi::dispatch(const HttpRequest &request, const Route &route)
{
    if (!route.valid)
        return errorResponse(404, u"NotFound"_s, u"There is nothing at this path."_s);
    const QByteArray &method = request.method;
    if (method == "GET")
        return route.id.isEmpty() ? list(request, route.resource) : detail(request, route);
    if (method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE")
        return write(request, route);
    HttpResponse refused = errorResponse(405, u"MethodNotAllowed"_s, u"This method is not allowed here."_s);
    refused.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, POST, PUT, PATCH, DELETE")});
    return refused;
}

HttpResponse SandboxApi::list(const HttpRequest &request, const QString &resource)
{
    QString error;
    const std::optional<ListQuery> query = ListQuery::parse(request.query, &error);
    if (!query)
        return errorResponse(400, u"BadRequest"_s, error);
    if (query->hasOrderBy() && resource == u"alerts"_s)
        return errorResponse(409, u"Conflict"_s, u"Ordering is not supported on alerts."_s);

    const QStringList required = kRequiredFilters.value(resource);
    if (!required.isEmpty()
        && std::none_of(required.cbegin(), required.cend(),
                        [&](const QString &field) { return query->hasFilterOn(field); })) {
        return errorResponse(409, u"Conflict"_s,
                             u"This endpoint needs a %1 or %1__in filter."_s.arg(required.front()));
    }

    HttpResponse refusal;
    const std::optional<Collection> collection = collectionFor(resource, *query, &refusal);
    if (!collection)
        return refusal;
    return page(request, *query, *collection);
}

HttpResponse SandboxApi::page(const HttpRequest &request, const ListQuery &query,
                              const Collection &collection)
{
    if (collection.size > 0) {
        const QString unknown = query.unknownFilterField(collection.at(0).keys());
        if (!unknown.isEmpty())
            return errorResponse(400, u"BadRequest"_s, u"Filtering on \"%1\" is not allowed."_s.arg(unknown));
    }

    // Only as many matches as the page needs, plus one to know whether a next page exists.
    const qsizetype wanted = query.hasOrderBy() ? collection.size : qsizetype(query.offset()) + query.limit() + 1;
    QList<QJsonObject> matches;
    for (qsizetype i = 0; i < collection.size && matches.size() < wanted; ++i) {
        if (query.filters().isEmpty() && !query.hasOrderBy() && i < query.offset()) {
            matches.append(QJsonObject());   // skipped without building the record
            continue;
        }
        QJsonObject record = collection.at(i);
        if (query.matches(record))
            matches.append(std::move(record));
    }
    if (query.hasOrderBy()) {
        const bool descending = query.orderBy().startsWith(u'-');
        const QString field = descending ? query.orderBy().mid(1) : query.orderBy();
        std::stable_sort(matches.begin(), matches.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            const QVariant l = a.value(field).toVariant();
            const QVariant r = b.value(field).toVariant();
            const auto order = QVariant::compare(l, r);
            return descending ? order == QPartialOrdering::Greater : order == QPartialOrdering::Less;
        });
    }

    QJsonArray data;
    for (qsizetype i = query.offset(); i < matches.size() && i < qsizetype(query.offset()) + query.limit(); ++i)
        data.append(shape(matches[i], query));
    const bool hasNext = matches.size() > qsizetype(query.offset()) + query.limit();
    const QJsonObject meta{
        {u"limit"_s, query.limit()},
        {u"offset"_s, query.offset()},
        {u"next"_s, hasNext ? QJsonValue(pageUrl(request, query.limit(), query.offset() + query.limit()))
                            : QJsonValue(QJsonValue::Null)},
        {u"previous"_s, query.offset() > 0
             ? QJsonValue(pageUrl(request, query.limit(), std::max(0, query.offset() - query.limit())))
             : QJsonValue(QJsonValue::Null)}};
    return HttpResponse::json(200, toJson(QJsonObject{{u"data"_s, data}, {u"meta"_s, meta}}));
}

QString SandboxApi::pageUrl(const HttpRequest &request, int limit, int offset) const
{
    QStringList parts;
    const auto items = request.query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key != u"limit"_s && key != u"offset"_s)
            parts.append(percentEncoded(key) % u'=' % percentEncoded(value));
    }
    parts.append(u"limit="_s % QString::number(limit));
    parts.append(u"offset="_s % QString::number(offset));
    return m_origin.toString() % request.path % u'?' % parts.join(u'&');
}

QJsonObject SandboxApi::shape(QJsonObject record, const ListQuery &query)
{
    for (const QString &field : query.expand()) {
        const QJsonValue value = record.value(field);
        if (!kExpandable.contains(field) || !value.isString())
            continue;
        const QString resource = field == u"account"_s ? u"accounts"_s
            : field == u"group"_s                     ? u"groups"_s
            : field == u"router"_s                    ? u"routers"_s
                                                      : u"net_devices"_s;
        if (std::optional<QJsonObject> target = recordFor(resource, referenceId(value.toString())))
            record.insert(field, *target);
    }
    if (query.fields().isEmpty())
        return record;
    QJsonObject trimmed;
    for (const QString &field : query.fields()) {
        if (record.contains(field))
            trimmed.insert(field, record.value(field));
    }
    return trimmed;
}

HttpResponse SandboxApi::detail(const HttpRequest &request, const Route &route)
{
    QString error;
    const std::optional<ListQuery> query = ListQuery::parse(request.query, &error);
    if (!query)
        return errorResponse(400, u"BadRequest"_s, error);
    const std::optional<QJsonObject> record = recordFor(route.resource, route.id);
    if (!record)
        return errorResponse(404, u"NotFound"_s, u"No %1 record has the id \"%2\"."_s.arg(route.resource, route.id));
    return HttpResponse::json(200, toJson(shape(*record, *query)));
}

} // namespace fw::sandbox
