#include "api/headlesssync.h"

#include "api/backfill.h"
#include "api/callledger.h"
#include "api/clock.h"
#include "api/pushdestinations.h"
#include "api/syncsink.h"
#include "core/logging.h"
#include "ncm/alertparser.h"
#include "ncm/catalogue.h"
#include "store/eventstore.h"
#include "store/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QSettings>

#include <algorithm>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

const auto s_watermarkKey = "api/backfillWatermark"_L1;

// Counts what a sync delivered when no FleetState is attached.
class TallySink final : public SyncSink
{
public:
    void applyAccounts(const QList<AccountInfo> &) override {}
    void applyGroups(const QList<GroupInfo> &) override {}
    void applyRouters(const QList<RouterInfo> &) override {}
    void applyLocations(const QList<Location> &) override {}
    void applyModems(const QList<ModemInfo> &) override {}
    void applySignals(const QList<SignalSample> &) override {}
    void applyHealth(const QList<CellularHealth> &) override {}
    void applyBatteries(const QList<BatteryInfo> &) override {}
    void applyRouterStates(const QList<RouterStateChange> &) override {}
};

std::unique_ptr<QSettings> settingsFor(const QString &stateFile)
{
    if (stateFile.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(stateFile, QSettings::IniFormat);
}

void prepareBackfilled(store::Event &event)
{
    auto &catalogue = ncm::Catalogue::instance();
    // Unknown types are learnt, never dropped.
    if (!event.alert.type.isEmpty() && !catalogue.contains(event.alert.type))
        catalogue.learn(event.alert.type);
    catalogue.classify(event);
}

// The store's meta table when the SQLite store is in use and no state file was named.
std::unique_ptr<CallCountStore> callCountStore(const HeadlessSyncOptions &options, store::EventStore *store)
{
    auto *sqlite = qobject_cast<store::SqliteEventStore *>(store);
    if (sqlite && options.stateFile.isEmpty())
        return std::make_unique<MetaCallCountStore>(sqlite);
    return std::make_unique<SettingsCallCountStore>(options.stateFile);
}

} // namespace

HeadlessSync::HeadlessSync(const ApiKeys &keys, const HeadlessSyncOptions &options, store::EventStore *store,
                           SyncSink *sink, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(std::make_unique<SystemClock>(options.clockSpeed))
    , m_ownSink(sink ? nullptr : std::make_unique<TallySink>())
    , m_ledger(new CallLedger(callCountStore(options, store), m_clock.get(), this))
{
    ClientOptions clientOptions;
    clientOptions.baseUrl = options.apiBase;
    clientOptions.budget = options.budget;
    m_client = new NcmClient(keys, clientOptions, m_clock.get(), m_ledger, this);
    m_sync = new FleetSync(m_client, sink ? sink : m_ownSink.get(), options.sync, this);
    m_backfill = new Backfill(m_client, store, &ncm::parseAlert, &prepareBackfilled, this);
    m_destinations = new PushDestinations(m_client, this);

    const QDateTime watermark = settingsFor(options.stateFile)->value(s_watermarkKey).toDateTime();
    if (watermark.isValid())
        m_backfill->setWatermark(watermark);
    // The SQLite store knows its newest alert to the microsecond, pushes included.
    if (QPointer sqlite = qobject_cast<store::SqliteEventStore *>(store)) {
        m_backfill->setWatermarkSource([sqlite] { return sqlite ? sqlite->lastAlertTimeUsec() : 0; });
    }

    connect(m_sync, &FleetSync::fullSyncFinished, this, &HeadlessSync::onFullSyncFinished);
    connect(m_sync, &FleetSync::reconcileFinished, this, [this](int changes, const QString &error) {
        Q_EMIT statusMessage(error.isEmpty() ? u"reconcile: %1 router states changed"_s.arg(changes)
                                             : u"reconcile failed: "_s + error);
    });
    connect(m_backfill, &Backfill::finished, this, &HeadlessSync::onBackfillFinished);
    connect(m_backfill, &Backfill::watermarkChanged, this, [this](const QDateTime &createdAt) {
        settingsFor(m_options.stateFile)->setValue(s_watermarkKey, createdAt);
    });
}

HeadlessSync::~HeadlessSync() = default;

void HeadlessSync::start()
{
    if (m_started)
        return;
    m_started = true;
    startTimer(m_fullSyncTimer, m_options.fullSyncIntervalMs, &HeadlessSync::fullSync);
    startTimer(m_reconcileTimer, m_options.reconcileIntervalMs, &HeadlessSync::reconcile);
    if (!m_options.destinationId.isEmpty())
        startTimer(m_destinationTimer, m_options.destinationCheckIntervalMs, &HeadlessSync::checkDestination);
    fullSync();
}

void HeadlessSync::startTimer(QTimer &timer, qint64 simulatedMs, void (HeadlessSync::*slot)())
{
    const qint64 realMs = std::clamp<qint64>(m_clock->realMs(simulatedMs), 1, std::numeric_limits<int>::max());
    timer.setInterval(static_cast<int>(realMs));
    timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early: schedules drift into extra calls
    connect(&timer, &QTimer::timeout, this, slot);
    timer.start();
}

void HeadlessSync::fullSync()
{
    Q_EMIT statusMessage(u"sync: starting"_s);
    m_sync->startFullSync();
}

void HeadlessSync::reconcile()
{
    // Right after a full sync the states are fresh; the next tick reconciles.
    if (!m_sync->isBusy())
        m_sync->reconcile();
}

void HeadlessSync::feedInterrupted()
{
    m_backfill->run();
}

void HeadlessSync::onFullSyncFinished(const QString &error)
{
    Q_EMIT statusMessage(error.isEmpty() ? u"sync: done, %1 API calls today"_s.arg(m_ledger->callsToday())
                                         : u"sync failed: "_s + error);
    // Back-fill and the destination check follow the sync, one after the other, so the
    // start-up burst stays within the call budget.
    m_backfill->run();
}

void HeadlessSync::onBackfillFinished(int fetched, int inserted, int duplicates, const QString &error)
{
    if (!error.isEmpty())
        Q_EMIT statusMessage(u"back-fill failed: "_s + error);
    else
        Q_EMIT statusMessage(u"back-fill: %1 alerts fetched, %2 new, %3 already stored"_s.arg(fetched).arg(inserted).arg(duplicates));
    if (!m_lastDestinationError.isValid() && !m_options.destinationId.isEmpty())
        checkDestination();
}

void HeadlessSync::checkDestination()
{
    m_destinations->check(m_options.destinationId, this,
                          [this](const std::optional<DestinationInfo> &info, const QString &error) {
                              if (!info) {
                                  Q_EMIT statusMessage(u"destination check failed: "_s + error);
                                  return;
                              }
                              if (info->suspended)
                                  Q_EMIT statusMessage(u"destination %1 is suspended by NCM (last error: %2); test it and un-suspend it"_s
                                                           .arg(info->id, info->lastErrorText.isEmpty() ? u"none given"_s : info->lastErrorText));
                              // New delivery errors since the last look: pushes were lost, fill the gap.
                              const bool newErrors = info->lastErrorAt.isValid()
                                  && (!m_lastDestinationError.isValid() || info->lastErrorAt > m_lastDestinationError);
                              if (newErrors && m_lastDestinationError.isValid())
                                  m_backfill->run();
                              m_lastDestinationError = info->lastErrorAt.isValid() ? info->lastErrorAt : m_clock->now();
                          });
}

void addHeadlessSyncOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"api-base"_s, u"NCM v2 API base URL (default https://www.cradlepointecm.com/api/v2/)."_s, u"url"_s},
        {u"api-keys-file"_s, u"File with the cp_api_id, cp_api_key, ecm_api_id and ecm_api_key lines; enables the API sync."_s, u"file"_s},
        {u"clock-speed"_s, u"Run sync, reconciliation, back-fill and retry schedules this many times faster."_s, u"x"_s, u"1"_s},
        {u"api-destination"_s, u"destination_config_id of the push destination to watch for suspension."_s, u"id"_s},
        {u"api-state-file"_s, u"Ini file for API call counts and the back-fill position (default: the settings)."_s, u"file"_s},
    });
}

std::unique_ptr<HeadlessSync> startHeadlessSync(const QCommandLineParser &parser, store::EventStore *store,
                                                SyncSink *sink, QString *error)
{
    error->clear();
    if (!parser.isSet(u"api-keys-file"_s))
        return nullptr;

    HeadlessSyncOptions options;
    if (parser.isSet(u"api-base"_s)) {
        options.apiBase = QUrl(parser.value(u"api-base"_s), QUrl::StrictMode);
        const QString scheme = options.apiBase.scheme();
        if (!options.apiBase.isValid() || options.apiBase.host().isEmpty() || (scheme != "https"_L1 && scheme != "http"_L1)) {
            *error = u"--api-base takes an http or https URL such as https://www.cradlepointecm.com/api/v2/."_s;
            return nullptr;
        }
    }
    bool ok = false;
    options.clockSpeed = parser.value(u"clock-speed"_s).toDouble(&ok);
    if (!ok || options.clockSpeed < 0.001 || options.clockSpeed > 1e6) {
        *error = u"--clock-speed takes a number from 0.001 to 1000000."_s;
        return nullptr;
    }
    options.destinationId = parser.value(u"api-destination"_s);
    options.stateFile = parser.value(u"api-state-file"_s);

    const ApiKeysResult keys = readApiKeysFile(parser.value(u"api-keys-file"_s));
    if (!keys.keys) {
        *error = keys.error;
        return nullptr;
    }
    auto sync = std::make_unique<HeadlessSync>(*keys.keys, options, store, sink);
    sync->start();
    return sync;
}

} // namespace fw::api
