#include "session/sessionhistorysource.h"

#include "api/ncmclient.h"
#include "fleet/fleetstate.h"
#include "ncm/alertparser.h"
#include "ncm/catalogue.h"
#include "store/sqliteeventstore.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace fw::session {

struct SessionHistorySource::Job
{
    quint64 generation = 0;
    history::HistoryRequest request;
    history::RouterHistory history;
    QString modemId;
    bool hasBattery = false;
    int done = 0;
    int total = 1;
    int pages = 0;
};

namespace {

double number(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : history::NoValue;
}

// Enough for a chart; stops a long range from spending the day's call budget.
QString truncatedNote()
{
    return QObject::tr("Only the first %1 samples of this range were loaded.")
        .arg(SessionHistorySource::MaxPages * 500);
}

QString ncmTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).replace(u"Z"_s, u"+00:00"_s);
}

} // namespace

SessionHistorySource::SessionHistorySource(store::SqliteEventStore *store, const ncm::Catalogue &catalogue,
                                           fleet::FleetState *fleet, QObject *parent)
    : HistorySource(parent)
    , m_store(store)
    , m_catalogue(catalogue)
    , m_fleet(fleet)
{
}

void SessionHistorySource::request(quint64 generation, const history::HistoryRequest &request)
{
    auto job = std::make_shared<Job>();
    job->generation = generation;
    job->request = request;
    job->history.routerId = request.routerId;
    if (const fleet::Router *router = m_fleet->router(request.routerId)) {
        job->modemId = router->modemId;
        job->hasBattery = router->batteryPercent >= 0;
    }
    const bool api = !m_client.isNull();
    job->total = 1 + (api && !job->modemId.isEmpty() ? 1 : 0) + (api && job->hasBattery ? 1 : 0);
    loadStates(job);
}

void SessionHistorySource::step(const std::shared_ptr<Job> &job)
{
    ++job->done;
    Q_EMIT progress(job->generation, job->done, job->total);
}

void SessionHistorySource::loadStates(const std::shared_ptr<Job> &job)
{
    store::EventQuery query;
    query.routerId = job->request.routerId;
    query.from = job->request.from;
    query.to = job->request.to;
    query.ascending = true;
    query.limit = store::EventQuery::MaxLimit;
    m_store->query(query, this, [this, job](const store::QueryResult &result) {
        if (!result.ok())
            job->history.error = result.error;
        for (const store::Event &event : result.events) {
            const QString state = m_catalogue.stateFromAlert(event.alert);
            if (!state.isEmpty())
                job->history.states.append({event.alert.detectedAt.toMSecsSinceEpoch(), state, event.title});
        }
        step(job);
        loadSignal(job);
    });
}

void SessionHistorySource::loadSignal(const std::shared_ptr<Job> &job)
{
    if (m_client.isNull() || job->modemId.isEmpty()) {
        loadBattery(job);
        return;
    }
    QUrlQuery query;
    query.addQueryItem(u"net_device"_s, job->modemId);
    query.addQueryItem(u"created_at__gt"_s, ncmTime(job->request.from));
    query.addQueryItem(u"created_at__lt"_s, ncmTime(job->request.to));
    job->pages = 0;
    m_client->list(
        u"net_device_signal_samples/"_s, query, this,
        [job](const QJsonArray &records) {
            for (const QJsonValue &value : records) {
                const QJsonObject o = value.toObject();
                const QDateTime at = ncm::parseTime(o.value(u"created_at").toString());
                if (at.isValid())
                    job->history.signal.append({at.toMSecsSinceEpoch(), number(o.value(u"rsrp")),
                                                number(o.value(u"rsrq")), number(o.value(u"sinr"))});
            }
            return ++job->pages >= MaxPages ? truncatedNote() : QString();
        },
        [this, job](const QString &error) {
            if (!error.isEmpty() && job->history.error.isEmpty())
                job->history.error = error;
            std::sort(job->history.signal.begin(), job->history.signal.end(),
                      [](const auto &a, const auto &b) { return a.atMs < b.atMs; });
            step(job);
            loadBattery(job);
        });
}

void SessionHistorySource::loadBattery(const std::shared_ptr<Job> &job)
{
    if (m_client.isNull() || !job->hasBattery) {
        finish(job);
        return;
    }
    QUrlQuery query;
    query.addQueryItem(u"router"_s, job->request.routerId);
    query.addQueryItem(u"created_at__gt"_s, ncmTime(job->request.from));
    job->pages = 0;
    m_client->list(
        u"batteries/"_s, query, this,
        [job](const QJsonArray &records) {
            for (const QJsonValue &value : records) {
                const QJsonObject o = value.toObject();
                const QDateTime at = ncm::parseTime(o.value(u"created_at").toString());
                if (at.isValid())
                    job->history.battery.append({at.toMSecsSinceEpoch(), number(o.value(u"rsoc"))});
            }
            return ++job->pages >= MaxPages ? truncatedNote() : QString();
        },
        [this, job](const QString &error) {
            if (!error.isEmpty() && job->history.error.isEmpty())
                job->history.error = error;
            std::sort(job->history.battery.begin(), job->history.battery.end(),
                      [](const auto &a, const auto &b) { return a.atMs < b.atMs; });
            step(job);
            finish(job);
        });
}

void SessionHistorySource::finish(const std::shared_ptr<Job> &job)
{
    Q_EMIT loaded(job->generation, job->history);
}

} // namespace fw::session
