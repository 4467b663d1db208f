#pragma once

#include <QDateTime>
#include <QString>

namespace fw::alerts {

// What the operator did with an alert.
enum class AckKind : quint8 {
    Acknowledge = 0, // this event is seen and handled
    Snooze = 1,      // quiet this event and its repeats on the router until a time
    UntilClear = 2,  // quiet this event and its repeats until the matching recovery arrives
};

// An alert's state as the views show it.
enum class AckState : quint8 {
    Unacknowledged = 0,
    Acknowledged,
    Snoozed,       // a snooze is running
    AwaitingClear, // acknowledged until the recovery arrives
    Cleared,       // the recovery arrived after an acknowledge-until-clear
};

struct Acknowledgement
{
    qint64 id = 0;       // row id in the acknowledgements table
    qint64 eventSeq = 0; // the event the operator acted on
    QString routerId;
    QString type;
    AckKind kind = AckKind::Acknowledge;
    QString note;
    QString operatorName;
    QDateTime at;           // UTC, when recorded
    QDateTime until;        // UTC, end of a snooze; invalid otherwise
    QDateTime clearedAt;    // UTC, when the recovery of an until-clear arrived; invalid while open
    qint64 clearedBySeq = 0;

    bool isValid() const { return id > 0; }
};

QString ackKindName(AckKind kind);     // stable, for files and the database
QString ackStateText(AckState state);  // translated, for the views

} // namespace fw::alerts
