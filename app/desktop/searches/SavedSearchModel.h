// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searches/SavedSearch.h"

#include <QAbstractListModel>
#include <QList>

namespace dms {

/** The saved searches of one user, in the order they were saved, kept in
 *  QSettings (the application's, as main.cpp names it) under
 *  "savedSearches/<login>": the desk remembers them per user, so clerks sharing
 *  a computer account each see their own. Every change is written at once.
 *
 *  The name (DisplayRole, EditRole) is editable: renaming refuses an empty name
 *  or one another search has (case-insensitively). Lives on the GUI thread. */
class SavedSearchModel : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedSearchModel)

public:
    enum Roles {
        TextRole = Qt::UserRole + 1, ///< QString
        RegisterIdRole, ///< QString
    };

    explicit SavedSearchModel(QObject *parent = nullptr);
    ~SavedSearchModel() override;

    /** Loads the searches of `login` (empty: none). */
    void setLogin(const QString &login);
    const QString &login() const { return m_login; }

    /** Adds `search`, or replaces the one of the same name; its row. -1 (nothing
     *  changed) without a login or with an empty name. */
    int save(const SavedSearch &search);
    /** Renames; false for an empty name or one taken by another search. */
    bool rename(int row, const QString &name);
    void remove(int row);
    const SavedSearch &search(int row) const { return m_searches.at(row); }
    int rowOfName(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /** The settings group of a login's searches. */
    static QString settingsGroup(const QString &login);

private:
    void store() const;

    QString m_login;
    QList<SavedSearch> m_searches;
};

} // namespace dms
