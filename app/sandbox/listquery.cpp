#include "sandbox/listquery.h"

#include "sandbox/ncmformat.h"

#include <QJsonValue>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

struct Suffix
{
    QLatin1StringView text;
    ListFilter::Op op;
};

constexpr Suffix kSuffixes[] = {
    {"__in"_L1, ListFilter::Op::In},      {"__gte"_L1, ListFilter::Op::GreaterEqual},
    {"__gt"_L1, ListFilter::Op::Greater}, {"__lte"_L1, ListFilter::Op::LessEqual},
    {"__lt"_L1, ListFilter::Op::Less},
};

bool parseCount(const QString &text, int *value)
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || number < 0)
        return false;
    *value = number;
    return true;
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return referenceId(value.toString());
    case QJsonValue::Double: return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Bool: return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null: return u"null"_s;
    default: return {};
    }
}

// Numbers compare as numbers, times as times, anything else as text.
int compareValues(const QString &left, const QString &right)
{
    bool leftOk = false;
    bool rightOk = false;
    const double l = left.toDouble(&leftOk);
    const double r = right.toDouble(&rightOk);
    if (leftOk && rightOk)
        return l < r ? -1 : l > r ? 1 : 0;

    qint64 lt = 0;
    qint64 rt = 0;
    if (parseIsoTime(left, &lt) && parseIsoTime(right, &rt))
        return lt < rt ? -1 : lt > rt ? 1 : 0;
    if (timeUuidTime(left, &lt) && timeUuidTime(right, &rt) && lt != rt)
        return lt < rt ? -1 : 1;
    return left.compare(right);
}

bool passes(const ListFilter &filter, const QJsonValue &value)
{
    const QString text = valueText(value);
    switch (filter.op) {
    case ListFilter::Op::Equal:
    case ListFilter::Op::In: return filter.values.contains(text);
    case ListFilter::Op::Greater: return compareValues(text, filter.values.front()) > 0;
    case ListFilter::Op::GreaterEqual: return compareValues(text, filter.values.front()) >= 0;
    case ListFilter::Op::Less: return compareValues(text, filter.values.front()) < 0;
    case ListFilter::Op::LessEqual: return compareValues(text, filter.values.front()) <= 0;
    }
    return false;
}

ListFilter makeFilter(const QString &key, QString value)
{
    ListFilter filter{key, ListFilter::Op::Equal, {}};
    for (const Suffix &suffix : kSuffixes) {
        if (key.endsWith(suffix.text)) {
            filter.field = key.chopped(suffix.text.size());
            filter.op = suffix.op;
            break;
        }
    }
    // An unescaped '+' in a time offset arrives as a space in form-encoded queries.
    if (filter.op != ListFilter::Op::Equal && filter.op != ListFilter::Op::In)
        value.replace(u' ', u'+');
    if (filter.op == ListFilter::Op::In)
        filter.values = value.split(u',', Qt::SkipEmptyParts);
    else
        filter.values = {referenceId(value)};
    return filter;
}

} // namespace

QString referenceId(const QString &value)
{
    if (!value.startsWith(u"http://"_s) && !value.startsWith(u"https://"_s))
        return value;
    QStringView path = value;
    while (path.endsWith(u'/'))
        path.chop(1);
    return path.mid(path.lastIndexOf(u'/') + 1).toString();
}

std::optional<ListQuery> ListQuery::parse(const QUrlQuery &query, QString *error)
{
    ListQuery result;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key == u"limit"_s) {
            if (!parseCount(value, &result.m_limit)) {
                *error = u"The limit parameter must be a non-negative integer."_s;
                return std::nullopt;
            }
            // Like NCM's framework: 0 means the maximum, larger values are clamped.
            if (result.m_limit == 0 || result.m_limit > kMaxLimit)
                result.m_limit = kMaxLimit;
        } else if (key == u"offset"_s) {
            if (!parseCount(value, &result.m_offset)) {
                *error = u"The offset parameter must be a non-negative integer."_s;
                return std::nullopt;
            }
        } else if (key == u"fields"_s) {
            result.m_fields = value.split(u',', Qt::SkipEmptyParts);
        } else if (key == u"expand"_s) {
            result.m_expand = value.split(u',', Qt::SkipEmptyParts);
        } else if (key == u"order_by"_s) {
            result.m_orderBy = value;
        } else if (key == u"format"_s) {
            continue;
        } else {
            ListFilter filter = makeFilter(key, value);
            if (filter.op == ListFilter::Op::In && filter.values.size() > kMaxInValues) {
                *error = u"The %1 filter takes at most %2 values."_s.arg(key).arg(kMaxInValues);
                return std::nullopt;
            }
            result.m_filters.append(std::move(filter));
        }
    }
    return result;
}

std::optional<QSet<QString>> ListQuery::idsFor(const QString &field) const
{
    std::optional<QSet<QString>> ids;
    for (const ListFilter &filter : m_filters) {
        if (filter.field != field
            || (filter.op != ListFilter::Op::Equal && filter.op != ListFilter::Op::In))
            continue;
        const QSet<QString> these(filter.values.cbegin(), filter.values.cend());
        ids = ids ? ids->intersect(these) : these;
    }
    return ids;
}

bool ListQuery::hasFilterOn(const QString &field) const
{
    return std::any_of(m_filters.cbegin(), m_filters.cend(),
                       [&field](const ListFilter &filter) { return filter.field == field; });
}

bool ListQuery::matches(const QJsonObject &record) const
{
    for (const ListFilter &filter : m_filters) {
        if (!passes(filter, record.value(filter.field)))
            return false;
    }
    return true;
}

QString ListQuery::unknownFilterField(const QStringList &knownFields) const
{
    for (const ListFilter &filter : m_filters) {
        if (!knownFields.contains(filter.field))
            return filter.field;
    }
    return {};
}

} // namespace fw::sandbox
