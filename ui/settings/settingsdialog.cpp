#include "settings/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList result;
    for (const QString &line : edit->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            result.append(line.trimmed());
    }
    return result;
}

QSpinBox *spin(int min, int max, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    return box;
}

std::optional<QString> edited(const QLineEdit *edit)
{
    if (edit->text().isEmpty())
        return std::nullopt;
    return edit->text();
}

} // namespace

SettingsDialog::SettingsDialog(const core::AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_base(settings)
    , m_tabs(new QTabWidget(this))
    , m_errors(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Fleetwall settings"));
    m_tabs->addTab(createFeedPage(), tr("&Feed"));
    m_tabs->addTab(createNcmPage(), tr("&NCM"));
    m_tabs->addTab(createMapPage(), tr("&Map"));
    m_tabs->addTab(createAlertsPage(), tr("&Alerts"));
    m_errors->setObjectName(u"settingsErrors"_s);
    m_errors->setWordWrap(true);
    m_errors->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_errors);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    load(settings);
    resize(640, 560);
}

QLineEdit *SettingsDialog::secretField(const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(placeholder);
    return edit;
}

QWidget *SettingsDialog::createFeedPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_feedMode = new QComboBox(page);
    m_feedMode->addItem(tr("Embedded webhook listener"));
    m_feedMode->addItem(tr("fleetwall-relay"));
    m_address = new QLineEdit(page);
    m_port = spin(1, 65535, {}, page);
    m_path = new QLineEdit(page);
    m_cert = new QLineEdit(page);
    m_key = new QLineEdit(page);
    m_allow = new QPlainTextEdit(page);
    m_allow->setPlaceholderText(tr("One network a line, e.g. 203.0.113.0/24; empty allows everyone"));
    m_proxies = new QPlainTextEdit(page);
    m_proxies->setPlaceholderText(tr("Addresses of reverse proxies whose X-Forwarded-For is trusted"));
    m_publicUrl = new QLineEdit(page);
    m_publicUrl->setPlaceholderText(u"https://noc.example.org/webhook"_s);
    m_webhookSecret = secretField(tr("unchanged (kept in the keychain)"));
    m_relayUrl = new QLineEdit(page);
    m_relayUrl->setPlaceholderText(u"wss://relay.example.org:9443/"_s);
    m_relayToken = secretField(tr("unchanged (kept in the keychain)"));
    m_silent = spin(10, 7 * 86400, tr(" s"), page);

    form->addRow(tr("Feed &source:"), m_feedMode);
    form->addRow(tr("Listen &address:"), m_address);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Pa&th:"), m_path);
    form->addRow(tr("TLS &certificate (PEM):"), m_cert);
    form->addRow(tr("TLS &key (PEM):"), m_key);
    form->addRow(tr("A&llowed networks:"), m_allow);
    form->addRow(tr("Trusted pro&xies:"), m_proxies);
    form->addRow(tr("Public &URL:"), m_publicUrl);
    form->addRow(tr("Webhook &secret:"), m_webhookSecret);
    form->addRow(tr("&Relay URL:"), m_relayUrl);
    form->addRow(tr("Relay t&oken:"), m_relayToken);
    form->addRow(tr("Warn when the feed is silent for:"), m_silent);

    m_fieldForKey = {{u"listener/address"_s, m_address}, {u"listener/port"_s, m_port},
                     {u"listener/path"_s, m_path},       {u"listener/tlsCert"_s, m_cert},
                     {u"listener/tlsKey"_s, m_key},      {u"listener/allow"_s, m_allow},
                     {u"listener/trustedProxies"_s, m_proxies}, {u"listener/publicUrl"_s, m_publicUrl},
                     {u"relay/url"_s, m_relayUrl},       {u"feed/silentSeconds"_s, m_silent}};
    return page;
}

QWidget *SettingsDialog::createNcmPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_apiBase = new QLineEdit(page);
    m_cpId = secretField(tr("unchanged"));
    m_cpKey = secretField(tr("unchanged"));
    m_ecmId = secretField(tr("unchanged"));
    m_ecmKey = secretField(tr("unchanged"));
    m_testConnection = new QPushButton(tr("&Test connection"), page);
    m_connectionResult = new QLabel(page);
    m_connectionResult->setObjectName(u"connectionResult"_s);
    m_connectionResult->setWordWrap(true);
    m_keychainNotice = new QLabel(page);
    m_keychainNotice->setWordWrap(true);
    m_keychainNotice->setVisible(false);

    form->addRow(tr("API &address:"), m_apiBase);
    form->addRow(u"X-CP-API-ID:"_s, m_cpId);
    form->addRow(u"X-CP-API-KEY:"_s, m_cpKey);
    form->addRow(u"X-ECM-API-ID:"_s, m_ecmId);
    form->addRow(u"X-ECM-API-KEY:"_s, m_ecmKey);
    form->addRow(m_testConnection, m_connectionResult);
    form->addRow(m_keychainNotice);
    m_fieldForKey.insert(u"ncm/apiBase"_s, m_apiBase);

    connect(m_testConnection, &QPushButton::clicked, this, [this] {
        m_connectionResult->setText(tr("Testing…"));
        Q_EMIT testConnectionRequested(QUrl(m_apiBase->text().trimmed()), secrets());
    });
    return page;
}

QWidget *SettingsDialog::createMapPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_tilesEnabled = new QCheckBox(tr("Show online map tiles over the built-in basemap"), page);
    m_tileUrl = new QLineEdit(page);
    m_attribution = new QLineEdit(page);
    form->addRow(m_tilesEnabled);
    form->addRow(tr("Tile &URL template:"), m_tileUrl);
    form->addRow(tr("&Attribution:"), m_attribution);
    m_fieldForKey.insert(u"tiles/url"_s, m_tileUrl);
    m_fieldForKey.insert(u"tiles/attribution"_s, m_attribution);
    return page;
}

QWidget *SettingsDialog::createAlertsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_operator = new QLineEdit(page);
    m_sound = new QCheckBox(tr("Play a sound for new critical alerts"), page);
    m_rsrpPoor = spin(-140, -44, tr(" dBm"), page);
    m_rsrpFair = spin(-140, -44, tr(" dBm"), page);
    m_sinrPoor = spin(-20, 30, tr(" dB"), page);
    m_battery = spin(1, 99, tr(" %"), page);
    form->addRow(tr("&Operator name:"), m_operator);
    form->addRow(m_sound);
    form->addRow(tr("RSRP &poor at or below:"), m_rsrpPoor);
    form->addRow(tr("RSRP &fair at or below:"), m_rsrpFair);
    form->addRow(tr("SINR poor &at or below:"), m_sinrPoor);
    form->addRow(tr("&Battery low below:"), m_battery);
    m_fieldForKey.insert(u"thresholds/rsrp"_s, m_rsrpPoor);
    m_fieldForKey.insert(u"thresholds/sinr"_s, m_sinrPoor);
    m_fieldForKey.insert(u"thresholds/battery"_s, m_battery);
    m_fieldForKey.insert(u"operator/name"_s, m_operator);
    return page;
}

void SettingsDialog::load(const core::AppSettings &s)
{
    m_feedMode->setCurrentIndex(s.feedMode == core::AppSettings::FeedMode::Relay ? 1 : 0);
    m_address->setText(s.listenAddress);
    m_port->setValue(s.listenPort);
    m_path->setText(s.listenPath);
    m_cert->setText(s.tlsCertFile);
    m_key->setText(s.tlsKeyFile);
    m_allow->setPlainText(s.allowedNetworks.join(u'\n'));
    m_proxies->setPlainText(s.trustedProxies.join(u'\n'));
    m_publicUrl->setText(s.publicUrl.toString());
    m_relayUrl->setText(s.relayUrl.toString());
    m_silent->setValue(s.silentFeedSeconds);
    m_apiBase->setText(s.apiBase.toString());
    m_tilesEnabled->setChecked(s.tilesEnabled);
    m_tileUrl->setText(s.tileUrlTemplate);
    m_attribution->setText(s.tileAttribution);
    m_operator->setText(s.operatorName);
    m_sound->setChecked(s.soundEnabled);
    m_rsrpPoor->setValue(s.rsrpPoorDbm);
    m_rsrpFair->setValue(s.rsrpFairDbm);
    m_sinrPoor->setValue(s.sinrPoorDb);
    m_battery->setValue(s.batteryLowPercent);
}

core::AppSettings SettingsDialog::settings() const
{
    core::AppSettings s = m_base;
    s.feedMode = m_feedMode->currentIndex() == 1 ? core::AppSettings::FeedMode::Relay
                                                 : core::AppSettings::FeedMode::Listener;
    s.listenAddress = m_address->text().trimmed();
    s.listenPort = m_port->value();
    s.listenPath = m_path->text().trimmed();
    s.tlsCertFile = m_cert->text().trimmed();
    s.tlsKeyFile = m_key->text().trimmed();
    s.allowedNetworks = lines(m_allow);
    s.trustedProxies = lines(m_proxies);
    s.publicUrl = QUrl(m_publicUrl->text().trimmed());
    s.relayUrl = QUrl(m_relayUrl->text().trimmed());
    s.silentFeedSeconds = m_silent->value();
    s.apiBase = QUrl(m_apiBase->text().trimmed());
    s.tilesEnabled = m_tilesEnabled->isChecked();
    s.tileUrlTemplate = m_tileUrl->text().trimmed();
    s.tileAttribution = m_attribution->text().trimmed();
    s.operatorName = m_operator->text().trimmed();
    s.soundEnabled = m_sound->isChecked();
    s.rsrpPoorDbm = m_rsrpPoor->value();
    s.rsrpFairDbm = m_rsrpFair->value();
    s.sinrPoorDb = m_sinrPoor->value();
    s.batteryLowPercent = m_battery->value();
    return s;
}

SecretEdits SettingsDialog::secrets() const
{
    return {edited(m_webhookSecret), edited(m_relayToken), edited(m_cpId),
            edited(m_cpKey),         edited(m_ecmId),      edited(m_ecmKey)};
}

void SettingsDialog::setKeychainNotice(const QString &notice)
{
    m_keychainNotice->setText(notice);
    m_keychainNotice->setVisible(!notice.isEmpty());
}

QString SettingsDialog::errorText() const
{
    return m_errors->isVisible() ? m_errors->text() : QString();
}

void SettingsDialog::showConnectionResult(bool ok, const QString &message)
{
    m_connectionResult->setText((ok ? u"✔ "_s : u"✖ "_s) + message);
}

bool SettingsDialog::validateAndMark()
{
    for (QWidget *field : std::as_const(m_fieldForKey))
        field->setStyleSheet({});
    const QList<core::SettingError> errors = settings().validate();
    QStringList messages;
    for (const core::SettingError &error : errors) {
        messages.append(error.message);
        if (QWidget *field = m_fieldForKey.value(error.key)) {
            field->setStyleSheet(u"border: 2px solid #f85149;"_s);
            field->setToolTip(error.message);
        }
    }
    m_errors->setText(messages.join(u'\n'));
    m_errors->setVisible(!errors.isEmpty());
    return errors.isEmpty();
}

void SettingsDialog::accept()
{
    if (validateAndMark())
        QDialog::accept();
}

} // namespace fw::ui
