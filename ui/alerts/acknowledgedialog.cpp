#include "alerts/acknowledgedialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {
constexpr int CustomChoice = -1;
}

AcknowledgeDialog::AcknowledgeDialog(alerts::AckKind kind, int alertCount, const QDateTime &now, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_now(now.toUTC())
{
    setObjectName(u"acknowledgeDialog"_s);
    const QString what = tr("%n alert(s)", nullptr, alertCount);
    setWindowTitle(kind == alerts::AckKind::Snooze       ? tr("Snooze %1").arg(what)
                   : kind == alerts::AckKind::UntilClear ? tr("Acknowledge %1 until cleared").arg(what)
                                                         : tr("Acknowledge %1").arg(what));
    auto *form = new QFormLayout(this);

    if (kind == alerts::AckKind::Snooze) {
        m_duration = new QComboBox(this);
        m_duration->addItem(tr("1 hour"), 1);
        m_duration->addItem(tr("4 hours"), 4);
        m_duration->addItem(tr("8 hours"), 8);
        m_duration->addItem(tr("Until…"), CustomChoice);
        m_custom = new QDateTimeEdit(m_now.toLocalTime().addSecs(2 * 3600), this);
        m_custom->setCalendarPopup(true);
        m_custom->setMinimumDateTime(m_now.toLocalTime());
        m_custom->setEnabled(false);
        form->addRow(tr("&Snooze for:"), m_duration);
        form->addRow(tr("&Until:"), m_custom);
        connect(m_duration, &QComboBox::currentIndexChanged, this, &AcknowledgeDialog::snoozeChoiceChanged);
    }
    if (kind == alerts::AckKind::UntilClear)
        form->addRow(new QLabel(tr("Repeats of this alert on the router stay acknowledged until its recovery arrives."), this));

    m_note = new QPlainTextEdit(this);
    m_note->setTabChangesFocus(true);
    m_note->setPlaceholderText(tr("What was done, ticket number…"));
    form->addRow(tr("&Note:"), m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(kind == alerts::AckKind::Snooze ? tr("Snooze") : tr("Acknowledge"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    (m_duration ? static_cast<QWidget *>(m_duration) : m_note)->setFocus();
}

QString AcknowledgeDialog::note() const
{
    return m_note->toPlainText().trimmed();
}

void AcknowledgeDialog::setNote(const QString &note)
{
    m_note->setPlainText(note);
}

QDateTime AcknowledgeDialog::snoozeUntil() const
{
    if (!m_duration)
        return {};
    const int hours = m_duration->currentData().toInt();
    return hours == CustomChoice ? m_custom->dateTime().toUTC() : m_now.addSecs(qint64(hours) * 3600);
}

void AcknowledgeDialog::setSnoozeHours(int hours)
{
    if (m_duration)
        m_duration->setCurrentIndex(std::max(0, m_duration->findData(hours)));
}

void AcknowledgeDialog::setCustomSnoozeUntil(const QDateTime &until)
{
    if (!m_duration)
        return;
    m_duration->setCurrentIndex(m_duration->findData(CustomChoice));
    m_custom->setDateTime(until.toLocalTime());
}

void AcknowledgeDialog::snoozeChoiceChanged()
{
    m_custom->setEnabled(m_duration->currentData().toInt() == CustomChoice);
}

} // namespace fw::ui
