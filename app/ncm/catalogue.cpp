#include "ncm/catalogue.h"

#include "core/logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::ncm {

struct Catalogue::Data
{
    QStringList categories;
    QHash<QString, AlertTypeInfo> types;
    QList<AlertTypeInfo> uiOnly;
    QString unknownCategory = OtherCategory;
    store::Severity unknownSeverity = store::Severity::Warning;
};

namespace {

constexpr int SupportedFormat = 1;

std::optional<Evidence> evidenceFromName(QStringView name)
{
    if (name == u"seen")
        return Evidence::Seen;
    if (name == u"sample")
        return Evidence::Sample;
    if (name == u"ui")
        return Evidence::UiOnly;
    if (name == u"learnt")
        return Evidence::Learnt;
    return std::nullopt;
}

std::optional<StateEffect> stateEffectFromName(QStringView name)
{
    if (name.isEmpty() || name == u"none")
        return StateEffect::None;
    if (name == u"online")
        return StateEffect::Online;
    if (name == u"offline")
        return StateEffect::Offline;
    if (name == u"from_info")
        return StateEffect::FromInfo;
    return std::nullopt;
}

std::optional<QStringList> readCategories(const QJsonValue &value, QString *error)
{
    QStringList categories;
    for (const QJsonValue &element : value.toArray()) {
        const QString name = element.toString().trimmed();
        if (name.isEmpty() || categories.contains(name)) {
            *error = u"The catalogue's categories must be distinct non-empty strings."_s;
            return std::nullopt;
        }
        categories.append(name);
    }
    if (!categories.contains(Catalogue::OtherCategory)) {
        *error = u"The catalogue's categories must include \"Other\"."_s;
        return std::nullopt;
    }
    return categories;
}

// Reads the fields every entry has; the caller checks what depends on the whole file.
std::optional<AlertTypeInfo> readEntry(const QJsonObject &object, const QStringList &categories, QString *why)
{
    AlertTypeInfo info;
    info.identifierKnown = object.value("identifier_known"_L1).toBool(true);
    info.type = object.value("id"_L1).toString().trimmed();
    info.category = object.value("category"_L1).toString();
    info.title = object.value("title"_L1).toString().trimmed();
    info.stateInfoKey = object.value("state_info_key"_L1).toString();

    const auto severity = Catalogue::severityFromName(object.value("severity"_L1).toString());
    const auto evidence = evidenceFromName(object.value("evidence"_L1).toString());
    const auto effect = stateEffectFromName(object.value("state_effect"_L1).toString());
    if (info.identifierKnown == info.type.isEmpty())
        *why = u"\"id\" must be a non-empty string exactly when \"identifier_known\" is true"_s;
    else if (!categories.contains(info.category))
        *why = u"unknown category \"%1\""_s.arg(info.category);
    else if (!severity)
        *why = u"\"severity\" must be info, warning or critical"_s;
    else if (!evidence || (*evidence == Evidence::UiOnly) == info.identifierKnown)
        *why = u"\"evidence\" must be seen, sample or learnt, or ui for a name without identifier"_s;
    else if (!effect || (*effect == StateEffect::FromInfo && info.stateInfoKey.isEmpty()))
        *why = u"\"state_effect\" must be none, online, offline, or from_info with \"state_info_key\""_s;
    else if (info.title.isEmpty())
        *why = u"\"title\" is empty"_s;
    if (!why->isEmpty())
        return std::nullopt;

    info.severity = *severity;
    info.evidence = *evidence;
    info.stateEffect = *effect;
    for (const QJsonValue &cleared : object.value("clears"_L1).toArray())
        info.clears.append(cleared.toString());
    return info;
}

bool readTypes(const QJsonArray &array, const QStringList &categories, QHash<QString, AlertTypeInfo> &types,
               QList<AlertTypeInfo> &uiOnly, QString *error)
{
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString why;
        const QJsonObject object = array.at(i).toObject();
        std::optional<AlertTypeInfo> info = readEntry(object, categories, &why);
        if (info && info->identifierKnown && types.contains(info->type))
            why = u"the identifier is listed twice"_s;
        if (!why.isEmpty()) {
            *error = u"Catalogue entry %1 (%2): %3."_s.arg(i + 1).arg(object.value("id"_L1).toString(), why);
            return false;
        }
        if (info->identifierKnown)
            types.insert(info->type, *info);
        else
            uiOnly.append(*info);
    }
    return true;
}

} // namespace

Catalogue::Catalogue()
    : m_data(std::make_unique<Data>())
{
    m_data->categories = QStringList{QString(OtherCategory)};
}

Catalogue::~Catalogue() = default;

Catalogue &Catalogue::instance()
{
    static Catalogue *catalogue = [] {
        auto *loaded = new Catalogue; // lives as long as the process; lookups may run at exit
        QString error;
        if (!loaded->loadBuiltin(&error))
            qCCritical(lcStore) << "The built-in alert catalogue is broken:" << error;
        return loaded;
    }();
    return *catalogue;
}

bool Catalogue::load(QByteArrayView json, QString *error)
{
    QString why;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    const QJsonObject root = document.object();
    auto data = std::make_unique<Data>();

    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        why = u"The catalogue is not a JSON object (%1)."_s.arg(parseError.errorString());
    else if (root.value("format"_L1).toInt() != SupportedFormat)
        why = u"The catalogue's \"format\" is not %1."_s.arg(SupportedFormat);
    else if (!root.value("categories"_L1).isArray() || !root.value("types"_L1).isArray())
        why = u"The catalogue needs \"categories\" and \"types\" arrays."_s;

    std::optional<QStringList> categories;
    if (why.isEmpty() && (categories = readCategories(root.value("categories"_L1), &why)))
        data->categories = *categories;
    if (why.isEmpty())
        readTypes(root.value("types"_L1).toArray(), data->categories, data->types, data->uiOnly, &why);

    const QJsonObject unknown = root.value("unknown_type"_L1).toObject();
    const auto unknownSeverity = severityFromName(unknown.value("severity"_L1).toString(u"warning"_s));
    data->unknownCategory = unknown.value("category"_L1).toString(OtherCategory);
    if (why.isEmpty() && (!unknownSeverity || !data->categories.contains(data->unknownCategory)))
        why = u"The catalogue's \"unknown_type\" needs a known category and a valid severity."_s;

    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    data->unknownSeverity = *unknownSeverity;
    QWriteLocker locker(&m_lock);
    m_data = std::move(data);
    return true;
}

bool Catalogue::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"Cannot read the alert catalogue %1: %2."_s.arg(path, file.errorString());
        return false;
    }
    return load(file.readAll(), error);
}

bool Catalogue::loadBuiltin(QString *error)
{
    return loadFile(QString(BuiltinPath), error);
}

AlertTypeInfo Catalogue::lookup(const QString &type) const
{
    QReadLocker locker(&m_lock);
    const auto it = m_data->types.constFind(type);
    if (it != m_data->types.cend())
        return *it;

    AlertTypeInfo info;
    info.type = type;
    info.category = m_data->unknownCategory;
    info.severity = m_data->unknownSeverity;
    info.title = type;
    return info;
}

bool Catalogue::contains(const QString &type) const
{
    QReadLocker locker(&m_lock);
    return m_data->types.contains(type);
}

bool Catalogue::learn(const QString &type, const QString &category, std::optional<store::Severity> severity,
                      const QString &title)
{
    const QString id = type.trimmed();
    QWriteLocker locker(&m_lock);
    if (id.isEmpty() || m_data->types.contains(id))
        return false;

    AlertTypeInfo info;
    info.type = id;
    info.category = m_data->categories.contains(category) ? category : m_data->unknownCategory;
    info.severity = severity.value_or(m_data->unknownSeverity);
    info.title = title.trimmed().isEmpty() ? id : title.trimmed();
    info.evidence = Evidence::Learnt;
    m_data->types.insert(id, info);
    return true;
}

void Catalogue::classify(store::Event &event) const
{
    const AlertTypeInfo info = lookup(event.alert.type);
    event.category = info.category;
    event.severity = info.severity;
    event.title = info.title;
}

QString Catalogue::stateFromAlert(const Alert &alert) const
{
    const AlertTypeInfo info = lookup(alert.type);
    switch (info.stateEffect) {
    case StateEffect::None:
        return {};
    case StateEffect::Online:
        return u"online"_s;
    case StateEffect::Offline:
        return u"offline"_s;
    case StateEffect::FromInfo:
        break;
    }
    const QString state = alert.info.toObject().value(info.stateInfoKey).toString().trimmed().toLower();
    static const QStringList states{u"online"_s, u"offline"_s, u"initialized"_s};
    return states.contains(state) ? state : QString();
}

QStringList Catalogue::categories() const
{
    QReadLocker locker(&m_lock);
    return m_data->categories;
}

QList<AlertTypeInfo> Catalogue::types() const
{
    QReadLocker locker(&m_lock);
    QList<AlertTypeInfo> list = m_data->types.values();
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.type < b.type; });
    return list;
}

QList<AlertTypeInfo> Catalogue::uiOnlyTypes() const
{
    QReadLocker locker(&m_lock);
    return m_data->uiOnly;
}

QStringList Catalogue::learntTypes() const
{
    QReadLocker locker(&m_lock);
    QStringList learnt;
    for (const AlertTypeInfo &info : std::as_const(m_data->types)) {
        if (info.evidence == Evidence::Learnt)
            learnt.append(info.type);
    }
    learnt.sort();
    return learnt;
}

store::Severity Catalogue::unknownSeverity() const
{
    QReadLocker locker(&m_lock);
    return m_data->unknownSeverity;
}

QString Catalogue::severityName(store::Severity severity)
{
    switch (severity) {
    case store::Severity::Info:
        return u"info"_s;
    case store::Severity::Warning:
        return u"warning"_s;
    case store::Severity::Critical:
        return u"critical"_s;
    }
    return u"warning"_s;
}

std::optional<store::Severity> Catalogue::severityFromName(QStringView name)
{
    if (name == u"info")
        return store::Severity::Info;
    if (name == u"warning")
        return store::Severity::Warning;
    if (name == u"critical")
        return store::Severity::Critical;
    return std::nullopt;
}

} // namespace fw::ncm
