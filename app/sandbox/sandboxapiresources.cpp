// SandboxApi: where each endpoint's records come from, and the write endpoints.
#include "sandbox/sandboxapi.h"

#include "sandbox/fleet.h"
#include "sandbox/fleetresources.h"
#include "sandbox/listquery.h"
#include "sandbox/ncmformat.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;
using fw::http::HttpRequest;
using fw::http::HttpResponse;

namespace fw::sandbox {

namespace {

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Indices selected by an optional id set, or all of them.
QList<int> select(int count, const std::optional<QSet<QString>> &ids,
                  const std::function<int(qint64)> &indexOf)
{
    QList<int> indices;
    if (!ids) {
        indices.reserve(count);
        for (int i = 0; i < count; ++i)
            indices.append(i);
        return indices;
    }
    for (const QString &id : *ids) {
        bool ok = false;
        const int index = indexOf(id.toLongLong(&ok));
        if (ok && index >= 0)
            indices.append(index);
    }
    std::sort(indices.begin(), indices.end());
    return indices;
}

template<typename Make>
auto fromIndices(QList<int> indices, Make make)
{
    const qsizetype size = indices.size();
    return std::pair{size, [indices = std::move(indices), make](qsizetype i) { return make(indices[i]); }};
}

QList<QJsonObject> flatten(const QList<int> &indices, const std::function<QJsonArray(int)> &arrays)
{
    QList<QJsonObject> records;
    for (int index : indices) {
        const QJsonArray array = arrays(index);
        for (const QJsonValue &value : array)
            records.append(value.toObject());
    }
    return records;
}

// Whether a router passes the filters that can be read from the fleet without building
// its record; other filters are left to the record check.
bool routerPasses(const Fleet &fleet, const Router &router, const ListQuery &query)
{
    for (const ListFilter &filter : query.filters()) {
        const bool exact = filter.op == ListFilter::Op::Equal || filter.op == ListFilter::Op::In;
        if (filter.field == u"state"_s && exact) {
            if (!filter.values.contains(routerStateName(router.state)))
                return false;
        } else if (filter.field == u"group"_s && exact) {
            if (!filter.values.contains(fleet.groups()[router.group].id))
                return false;
        } else if (filter.field == u"state_updated_at"_s || filter.field == u"id"_s) {
            qint64 limit = 0;
            bool ok = filter.field == u"id"_s;
            if (ok)
                limit = filter.values.front().toLongLong(&ok);
            else
                ok = parseIsoTime(filter.values.front(), &limit);
            const qint64 value = filter.field == u"id"_s ? router.id : router.stateUpdatedUs;
            if (!ok)
                continue;
            if ((filter.op == ListFilter::Op::Greater && !(value > limit))
                || (filter.op == ListFilter::Op::GreaterEqual && !(value >= limit))
                || (filter.op == ListFilter::Op::Less && !(value < limit))
                || (filter.op == ListFilter::Op::LessEqual && !(value <= limit)))
                return false;
        }
    }
    return true;
}

} // namespace

std::optional<SandboxApi::Collection> SandboxApi::collectionFor(const QString &resource,
                                                                const ListQuery &query,
                                                                HttpResponse *refusal)
{
    const auto routerIndex = [this](qint64 id) { return m_fleet.routerIndex(id); };
    const auto modemIndex = [this](qint64 id) { return m_fleet.modemIndex(id); };
    const int routerCount = int(m_fleet.routers().size());
    const int modemCount = int(m_fleet.modems().size());
    const auto wrap = [](auto pair) { return Collection{pair.first, pair.second}; };
    const auto fromList = [](QList<QJsonObject> records) {
        const qsizetype size = records.size();
        return Collection{size, [records = std::move(records)](qsizetype i) { return records[i]; }};
    };

    if (resource == u"routers"_s) {
        QList<int> routers = select(routerCount, query.idsFor(u"id"_s), routerIndex);
        routers.removeIf([&](int i) { return !routerPasses(m_fleet, m_fleet.routers()[size_t(i)], query); });
        return wrap(fromIndices(std::move(routers), [this](int i) { return m_resources.router(i); }));
    }
    if (resource == u"locations"_s) {
        auto ids = query.idsFor(u"router"_s);
        if (!ids)
            ids = query.idsFor(u"id"_s);
        return wrap(fromIndices(select(routerCount, ids, routerIndex),
                                [this](int i) { return m_resources.location(i); }));
    }
    if (resource == u"historical_locations"_s)
        return fromList(flatten(select(routerCount, query.idsFor(u"router"_s), routerIndex),
                                [this](int i) { return m_resources.historicalLocations(i); }));
    if (resource == u"router_state_samples"_s)
        return fromList(flatten(select(routerCount, query.idsFor(u"router"_s), routerIndex),
                                [this](int i) { return m_resources.stateSamples(i); }));
    if (resource == u"batteries"_s) {
        QList<QJsonObject> records;
        for (int i : select(routerCount, query.idsFor(u"router"_s), routerIndex)) {
            if (QJsonObject battery = m_resources.battery(i); !battery.isEmpty())
                records.append(battery);
        }
        return fromList(std::move(records));
    }
    if (resource == u"net_devices"_s) {
        QList<int> modems = select(modemCount, query.idsFor(u"id"_s), modemIndex);
        if (const auto routers = query.idsFor(u"router"_s)) {
            QList<int> owned;
            for (int r : select(routerCount, routers, routerIndex)) {
                const Router &router = m_fleet.routers()[size_t(r)];
                for (int m = router.firstModem; m < router.firstModem + router.modemCount; ++m)
                    owned.append(m);
            }
            modems = owned;
        }
        return wrap(fromIndices(modems, [this](int i) { return m_resources.netDevice(i); }));
    }
    if (resource == u"net_device_metrics"_s || resource == u"net_device_health"_s) {
        auto ids = query.idsFor(u"net_device"_s);
        if (!ids)
            ids = query.idsFor(u"id"_s);
        const bool metrics = resource == u"net_device_metrics"_s;
        return wrap(fromIndices(select(modemCount, ids, modemIndex), [this, metrics](int i) {
            return metrics ? m_resources.netDeviceMetrics(i) : m_resources.netDeviceHealth(i);
        }));
    }
    if (resource == u"net_device_signal_samples"_s)
        return fromList(flatten(select(modemCount, query.idsFor(u"net_device"_s), modemIndex),
                                [this](int i) { return m_resources.signalSamples(i); }));
    if (resource == u"groups"_s || resource == u"accounts"_s) {
        const bool groups = resource == u"groups"_s;
        const int count = int(groups ? m_fleet.groups().size() : m_fleet.accounts().size());
        return Collection{count, [this, groups](qsizetype i) {
                              return groups ? m_resources.group(int(i)) : m_resources.account(int(i));
                          }};
    }
    if (resource == u"alerts"_s) {
        const std::deque<QJsonObject> &alerts = m_engine.alerts();
        return Collection{qsizetype(alerts.size()), [&alerts](qsizetype i) { return alerts[size_t(i)]; }};
    }
    if (resource == u"alert_push_destinations"_s)
        return fromList(m_engine.destinations());
    if (resource == u"alert_rules"_s)
        return fromList(m_engine.rules());

    *refusal = errorResponse(404, u"NotFound"_s, u"The sandbox does not emulate %1/."_s.arg(resource));
    return std::nullopt;
}

std::optional<QJsonObject> SandboxApi::recordFor(const QString &resource, const QString &id)
{
    bool numeric = false;
    const qint64 number = id.toLongLong(&numeric);
    const int router = numeric ? m_fleet.routerIndex(number) : -1;
    const int modem = numeric ? m_fleet.modemIndex(number) : -1;

    if (resource == u"routers"_s && router >= 0)
        return m_resources.router(router);
    if (resource == u"locations"_s && router >= 0)
        return m_resources.location(router);
    if (resource == u"batteries"_s && router >= 0 && !m_resources.battery(router).isEmpty())
        return m_resources.battery(router);
    if (resource == u"net_devices"_s && modem >= 0)
        return m_resources.netDevice(modem);
    if (resource == u"net_device_metrics"_s && modem >= 0)
        return m_resources.netDeviceMetrics(modem);
    if (resource == u"net_device_health"_s && modem >= 0)
        return m_resources.netDeviceHealth(modem);
    if (resource == u"groups"_s && m_fleet.groupIndex(id) >= 0)
        return m_resources.group(m_fleet.groupIndex(id));
    if (resource == u"accounts"_s && m_fleet.accountIndex(id) >= 0)
        return m_resources.account(m_fleet.accountIndex(id));
    if (resource == u"alert_push_destinations"_s)
        return m_engine.destination(id);
    if (resource == u"alert_rules"_s)
        return m_engine.rule(id);
    return std::nullopt;
}

HttpResponse SandboxApi::write(const HttpRequest &request, const Route &route)
{
    const QByteArray &method = request.method;
    const bool collection = route.id.isEmpty();
    const QString &resource = route.resource;
    const bool configurable = resource == u"alert_push_destinations"_s || resource == u"alert_rules"_s;
    const bool allowed = (configurable && collection == (method == "POST"))
        || (resource == u"test_alert_push_destinations"_s && collection && method == "POST")
        || (resource == u"routers"_s && !collection && method == "PATCH");
    if (!allowed)
        return errorResponse(405, u"MethodNotAllowed"_s, u"This method is not allowed here."_s);

    if (method == "DELETE") {
        const bool removed = resource == u"alert_rules"_s ? m_engine.removeRule(route.id)
                                                          : m_engine.removeDestination(route.id);
        return removed ? HttpResponse{204, {}, {}}
                       : errorResponse(404, u"NotFound"_s, u"No record has this id."_s);
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject())
        return errorResponse(400, u"BadRequest"_s, u"The body must be a JSON object."_s);
    const QJsonObject body = document.object();

    if (resource == u"routers"_s)
        return patchRouter(route.id, body);
    if (resource == u"test_alert_push_destinations"_s) {
        const QString id = referenceId(body.value(u"destination_config_id"_s).toString());
        if (!m_engine.sendTestPush(id))
            return fieldErrorResponse({{u"destination_config_id"_s, {u"Unknown destination."_s}}});
        return HttpResponse::json(201, toJson(QJsonObject{
            {u"destination_config_id"_s, id}, {u"success"_s, true},
            {u"details"_s, u"A test alert is on its way to the destination."_s}}));
    }

    FieldErrors errors;
    const bool rules = resource == u"alert_rules"_s;
    std::optional<QJsonObject> result;
    if (method == "POST")
        result = rules ? m_engine.createRule(body, &errors) : m_engine.createDestination(body, &errors);
    else if (rules)
        result = m_engine.updateRule(route.id, body, method == "PATCH", &errors);
    else
        result = m_engine.updateDestination(route.id, body, method == "PATCH", &errors);

    if (!errors.isEmpty())
        return fieldErrorResponse(errors);
    if (!result)
        return errorResponse(404, u"NotFound"_s, u"No record has this id."_s);
    return HttpResponse::json(method == "POST" ? 201 : 200, toJson(*result));
}

HttpResponse SandboxApi::patchRouter(const QString &id, const QJsonObject &body)
{
    const int index = m_fleet.routerIndex(id.toLongLong());
    if (index < 0)
        return errorResponse(404, u"NotFound"_s, u"No router has this id."_s);

    FieldErrors errors;
    const QStringList editable = {u"name"_s, u"description"_s, u"asset_id"_s, u"custom1"_s, u"custom2"_s};
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!editable.contains(it.key()))
            errors[it.key()].append(u"This field cannot be changed."_s);
        else if (!it.value().isString() || it.value().toString().size() > 255)
            errors[it.key()].append(u"Must be a string of at most 255 characters."_s);
    }
    if (!errors.isEmpty())
        return fieldErrorResponse(errors);

    Router &router = m_fleet.router(index);
    router.name = body.value(u"name"_s).toString(router.name);
    router.description = body.value(u"description"_s).toString(router.description);
    router.assetId = body.value(u"asset_id"_s).toString(router.assetId);
    router.custom1 = body.value(u"custom1"_s).toString(router.custom1);
    router.custom2 = body.value(u"custom2"_s).toString(router.custom2);
    router.updatedUs = m_fleet.timeUs();
    return HttpResponse::json(200, toJson(m_resources.router(index)));
}

} // namespace fw::sandbox
