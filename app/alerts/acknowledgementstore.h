#pragma once

#include "alerts/acknowledgement.h"
#include "store/event.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>

#include <functional>

namespace fw::alerts {

// The operator's acknowledgements, persisted in the table "acknowledgements" of the event
// database through a connection of its own (the store writes events on its own thread; WAL
// lets both connections work). Acknowledgements arrive at the rate an operator clicks, so
// writing them on the GUI thread costs a millisecond now and then.
//
// An acknowledgement covers one event; a snooze and an acknowledge-until-clear also cover
// later events of the same type on the same router, until the snooze ends or a recovery
// type (the catalogue's "clears") arrives for that router.
class AcknowledgementStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcknowledgementStore)

public:
    using Clock = std::function<QDateTime()>;
    using ClearsOf = std::function<QStringList(const QString &type)>; // recovery type -> types it clears

    explicit AcknowledgementStore(QObject *parent = nullptr, Clock clock = {}, ClearsOf clearsOf = {});
    ~AcknowledgementStore() override;

    // Opens (and creates) the table in the SQLite file; on error *error holds one sentence.
    bool open(const QString &databasePath, QString *error = nullptr);
    void close();
    bool isOpen() const;

    void setOperatorName(const QString &name) { m_operator = name; }
    QString operatorName() const { return m_operator; }

    // Records the operator's action on an event. False (and storageError) when the write failed:
    // then nothing changed.
    bool acknowledge(const store::Event &event, const QString &note);
    bool snooze(const store::Event &event, const QDateTime &until, const QString &note);
    bool acknowledgeUntilClear(const store::Event &event, const QString &note);

    // Feed every committed event: recoveries close acknowledge-until-clear entries, and each
    // router's latest warning or critical event is remembered for routerState().
    void noteEvents(const QList<store::Event> &events);

    AckState state(const store::Event &event) const;
    Acknowledgement acknowledgement(const store::Event &event) const; // invalid when none applies
    // The state of the router's latest warning or critical event; Unacknowledged when that
    // event is unhandled, Acknowledged when there is none to handle.
    AckState routerState(const QString &routerId) const;
    bool isRouterAcknowledged(const QString &routerId) const;
    // Whether the router has a warning or critical event that no recovery has followed.
    bool hasRouterAlert(const QString &routerId) const { return m_routerLatest.contains(routerId); }

    int count() const { return int(m_byEvent.size()); }

Q_SIGNALS:
    // An acknowledgement was added or cleared; routerId tells tiles and map what to repaint.
    void changed(const QString &routerId);
    // noteEvents() changed which alert of these routers is the latest to handle, so their
    // routerState() may have changed. Once per batch.
    void routerAlertsChanged(const QStringList &routerIds);
    void storageError(const QString &message);

private:
    struct RouterLatest
    {
        qint64 seq = 0;
        QString type;
    };

    using CoverKey = QPair<QString, QString>; // router id, type

    bool createSchema(QString *error);
    bool load(QString *error);
    bool record(const store::Event &event, AckKind kind, const QDateTime &until, const QString &note);
    bool insert(Acknowledgement &ack);
    void remember(const Acknowledgement &ack);
    bool clearCovers(const store::Event &recovery);
    AckState stateFor(qint64 seq, const QString &routerId, const QString &type) const;
    const Acknowledgement *applying(qint64 seq, const QString &routerId, const QString &type) const;
    AckState stateOf(const Acknowledgement &ack, qint64 seq) const;
    QDateTime now() const;

    Clock m_clock;
    ClearsOf m_clearsOf;
    QString m_connectionName;
    QString m_operator;
    QHash<qint64, Acknowledgement> m_byEvent;   // latest acknowledgement per event
    QHash<CoverKey, Acknowledgement> m_covers;  // latest snooze or until-clear per router and type
    QHash<QString, RouterLatest> m_routerLatest;
};

} // namespace fw::alerts
