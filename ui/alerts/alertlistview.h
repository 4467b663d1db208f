#pragma once

#include "alerts/acknowledgement.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace fw::alerts {
class AcknowledgementStore;
class AlarmPolicy;
}

namespace fw::ui {

class AlertFilterProxy;
class AlertModel;

// The alert list dock: filters in a toolbar, the list, acknowledge / snooze /
// acknowledge-until-clear with a note, the alarm's mute, and export of what is shown.
// Every action has a shortcut that works while the list or its filters have focus.
class AlertListView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertListView)

public:
    using Clock = std::function<QDateTime()>;
    enum class TimeRange { All, LastHour, LastDay, LastWeek };

    AlertListView(AlertModel *model, alerts::AcknowledgementStore *acks, alerts::AlarmPolicy *alarm,
                  QWidget *parent = nullptr, Clock clock = {});

    AlertFilterProxy *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }

    // Asks for a note (and a duration) with a dialog, then applies it to the selected alerts.
    void acknowledgeSelected(alerts::AckKind kind);
    // Applies without asking; returns how many alerts were acknowledged.
    int applyToSelected(alerts::AckKind kind, const QString &note, const QDateTime &snoozeUntil = {});
    void selectRow(int proxyRow);

    void setTimeRange(TimeRange range);
    // Writes the filtered list; the format follows the suffix (.json, else CSV).
    bool exportTo(const QString &path, QString *error = nullptr) const;

    void saveFilters() const;
    void restoreFilters();

Q_SIGNALS:
    void routerActivated(const QString &routerId);

private:
    QWidget *createFilterBar();
    void createActions();
    QAction *makeAction(const QString &text, const QKeySequence &key, std::function<void()> slot);
    void fillTypes();
    void updateTimeFilter();
    void updateAlarmBanner();
    void exportWithDialog();
    void activated(const QModelIndex &index);
    QDateTime now() const { return m_clock(); }

    AlertModel *m_model;
    alerts::AcknowledgementStore *m_acks;
    alerts::AlarmPolicy *m_alarm;
    Clock m_clock;
    AlertFilterProxy *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_severity = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_router = nullptr;
    QComboBox *m_time = nullptr;
    QLabel *m_alarmBanner = nullptr;
    TimeRange m_timeRange = TimeRange::All;
};

} // namespace fw::ui
