// SPDX-License-Identifier: GPL-3.0-or-later
#include "searches/SavedSearchModel.h"

#include <QSettings>
#include <QUrl>

namespace dms {

SavedSearchModel::SavedSearchModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

SavedSearchModel::~SavedSearchModel() = default;

QString SavedSearchModel::settingsGroup(const QString &login)
{
    // A login is a key segment: '/' and '\' would split or escape it.
    return QStringLiteral("savedSearches/") + QString::fromLatin1(QUrl::toPercentEncoding(login));
}

void SavedSearchModel::setLogin(const QString &login)
{
    beginResetModel();
    m_login = login;
    m_searches.clear();
    if (!login.isEmpty()) {
        QSettings settings;
        const int count = settings.beginReadArray(settingsGroup(login));
        for (int i = 0; i < count; ++i) {
            settings.setArrayIndex(i);
            SavedSearch search;
            search.name = settings.value(QStringLiteral("name")).toString().trimmed();
            search.text = settings.value(QStringLiteral("text")).toString();
            search.registerId = settings.value(QStringLiteral("register")).toString();
            search.registerKind = registerKindFromName(settings.value(QStringLiteral("kind")).toString());
            if (!search.name.isEmpty() && rowOfName(search.name) < 0)
                m_searches.append(search);
        }
        settings.endArray();
    }
    endResetModel();
}

void SavedSearchModel::store() const
{
    QSettings settings;
    settings.remove(settingsGroup(m_login));
    settings.beginWriteArray(settingsGroup(m_login), int(m_searches.size()));
    for (int i = 0; i < m_searches.size(); ++i) {
        const SavedSearch &search = m_searches.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), search.name);
        settings.setValue(QStringLiteral("text"), search.text);
        settings.setValue(QStringLiteral("register"), search.registerId);
        settings.setValue(QStringLiteral("kind"),
                          search.registerKind ? toName(*search.registerKind) : QString());
    }
    settings.endArray();
}

int SavedSearchModel::rowOfName(const QString &name) const
{
    for (int row = 0; row < m_searches.size(); ++row) {
        if (m_searches.at(row).name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

int SavedSearchModel::save(const SavedSearch &search)
{
    SavedSearch saved = search;
    saved.name = saved.name.trimmed();
    if (m_login.isEmpty() || saved.name.isEmpty())
        return -1;
    int row = rowOfName(saved.name);
    if (row >= 0) {
        m_searches[row] = saved;
        Q_EMIT dataChanged(index(row), index(row));
    } else {
        row = int(m_searches.size());
        beginInsertRows({}, row, row);
        m_searches.append(saved);
        endInsertRows();
    }
    store();
    return row;
}

bool SavedSearchModel::rename(int row, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (row < 0 || row >= m_searches.size() || trimmed.isEmpty())
        return false;
    const int other = rowOfName(trimmed);
    if (other >= 0 && other != row)
        return false;
    m_searches[row].name = trimmed;
    Q_EMIT dataChanged(index(row), index(row));
    store();
    return true;
}

void SavedSearchModel::remove(int row)
{
    if (row < 0 || row >= m_searches.size())
        return;
    beginRemoveRows({}, row, row);
    m_searches.removeAt(row);
    endRemoveRows();
    store();
}

int SavedSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_searches.size());
}

QVariant SavedSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SavedSearch &search = m_searches.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return search.name;
    case Qt::ToolTipRole:
        return search.text.isEmpty() ? search.name : search.text;
    case TextRole:
        return search.text;
    case RegisterIdRole:
        return search.registerId;
    }
    return {};
}

bool SavedSearchModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    return rename(index.row(), value.toString());
}

Qt::ItemFlags SavedSearchModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

} // namespace dms
