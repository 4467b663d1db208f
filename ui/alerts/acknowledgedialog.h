#pragma once

#include "alerts/acknowledgement.h"

#include <QDateTime>
#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QPlainTextEdit;

namespace fw::ui {

// Asks for the note of an acknowledgement and, for a snooze, how long.
class AcknowledgeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcknowledgeDialog)

public:
    AcknowledgeDialog(alerts::AckKind kind, int alertCount, const QDateTime &now, QWidget *parent = nullptr);

    alerts::AckKind kind() const { return m_kind; }
    QString note() const;
    void setNote(const QString &note);
    // The chosen end of a snooze, UTC. Presets: 1, 4 and 8 hours; the last entry is custom.
    QDateTime snoozeUntil() const;
    void setSnoozeHours(int hours);
    void setCustomSnoozeUntil(const QDateTime &until);

private:
    void snoozeChoiceChanged();

    alerts::AckKind m_kind;
    QDateTime m_now;
    QPlainTextEdit *m_note = nullptr;
    QComboBox *m_duration = nullptr;
    QDateTimeEdit *m_custom = nullptr;
};

} // namespace fw::ui
