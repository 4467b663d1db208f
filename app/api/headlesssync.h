#pragma once

#include "api/apikeys.h"
#include "api/fleetsync.h"
#include "api/ncmclient.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QCommandLineParser;

namespace fw::store {
class EventStore;
}

namespace fw::api {

class Backfill;
class CallLedger;
class Clock;
class PushDestinations;
class SyncSink;

struct HeadlessSyncOptions
{
    QUrl apiBase = ClientOptions().baseUrl;
    double clockSpeed = 1.0;
    // Simulated intervals. With the defaults a 1,000-router fleet costs about 35 calls a
    // day: one full sync (~18 calls), 12 reconciliations, 4 destination checks, back-fills.
    qint64 fullSyncIntervalMs = 24LL * 3600 * 1000;
    qint64 reconcileIntervalMs = 2LL * 3600 * 1000;
    qint64 destinationCheckIntervalMs = 6LL * 3600 * 1000;
    QString destinationId;      // the push destination to watch; empty: none
    QString stateFile;          // ini file for call counts and the back-fill watermark; empty: QSettings()
    SyncOptions sync;
    BudgetConfig budget;
};

// The API side of Fleetwall on a schedule, the same with or without a window: full sync at
// start and then daily, back-fill at start and whenever the feed was interrupted, cheap
// reconciliation of router states, and a watch on the push destination. Never a polling
// loop: every call is counted (ledger()) and the day's total stays far under 50 for 1,000
// routers.
class HeadlessSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessSync)

public:
    // store receives back-filled alerts; sink the synced fleet (nullptr: counted only).
    // With a SqliteEventStore (and no stateFile) call counts live in its meta table and the
    // back-fill starts after its newest stored alert.
    HeadlessSync(const ApiKeys &keys, const HeadlessSyncOptions &options, store::EventStore *store,
                 SyncSink *sink, QObject *parent = nullptr);
    ~HeadlessSync() override;

    void start();
    // The push feed was interrupted (listener restarted, relay reconnected): fill the gap.
    void feedInterrupted();

    const Clock *clock() const { return m_clock.get(); }
    CallLedger *ledger() const { return m_ledger; }
    NcmClient *client() const { return m_client; }
    FleetSync *sync() const { return m_sync; }
    Backfill *backfill() const { return m_backfill; }
    PushDestinations *destinations() const { return m_destinations; }

Q_SIGNALS:
    // One line for the operator's log ("sync: 1000 routers", "destination suspended: ...").
    void statusMessage(const QString &line);

private:
    void onFullSyncFinished(const QString &error);
    void onBackfillFinished(int fetched, int inserted, int duplicates, const QString &error);
    void checkDestination();
    void startTimer(QTimer &timer, qint64 simulatedMs, void (HeadlessSync::*slot)());
    void reconcile();
    void fullSync();

    HeadlessSyncOptions m_options;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<SyncSink> m_ownSink;
    CallLedger *m_ledger;
    NcmClient *m_client;
    FleetSync *m_sync;
    Backfill *m_backfill;
    PushDestinations *m_destinations;
    QTimer m_fullSyncTimer;
    QTimer m_reconcileTimer;
    QTimer m_destinationTimer;
    QDateTime m_lastDestinationError;
    bool m_started = false;
};

// For main(): adds --api-base, --api-keys-file, --clock-speed, --api-destination and
// --api-state-file to a parser.
void addHeadlessSyncOptions(QCommandLineParser &parser);

// For main(), after parser.process(): nullptr with an empty *error when --api-keys-file is
// absent (the API part is off); nullptr with one sentence in *error when an option or the
// keys file is bad; else a started HeadlessSync owned by the caller.
std::unique_ptr<HeadlessSync> startHeadlessSync(const QCommandLineParser &parser, store::EventStore *store,
                                                SyncSink *sink, QString *error);

} // namespace fw::api
