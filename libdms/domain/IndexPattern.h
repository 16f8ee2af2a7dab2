// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDate>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace dms {

/** The parts a registration index is made of. */
struct IndexParts
{
    QString registry; ///< registry prefix, e.g. "СОА"
    int year = 0; ///< numbering year (the base entry's year for follow-ups)
    QString registerCode; ///< e.g. "ВК66"
    qint64 number = 0;
    int subNumber = 0; ///< 0 for a first registration, 1, 2 … for follow-ups
    QDate date; ///< date of this registration

    bool operator==(const IndexParts &) const = default;
};

/** A configurable registration-index format. Placeholders:
 *  `{registry}` prefix, `{yy}`/`{year}` numbering year, `{register}` register code,
 *  `{number}` or `{number:N}` (zero-padded to N digits), `{/sub}` ("/1" for a
 *  follow-up, empty otherwise), `{date}` (dd.MM.yyyy), `{isodate}` (yyyy-MM-dd).
 *  The default reproduces Sofia Municipality's form: СОА20-ВК66-7245/08.09.2020
 *  and СОА20-ДИ05-2118/1/11.09.2020. A pattern must contain {number}, {/sub},
 *  {register} and a year so that indexes stay unique. */
class IndexPattern
{
public:
    static QString defaultPattern();
    static Result<IndexPattern> create(const QString &pattern);
    /** As create(), compiled once per pattern text and shared (thread-safe). */
    static Result<IndexPattern> cached(const QString &pattern);

    const QString &pattern() const { return m_pattern; }
    QString format(const IndexParts &parts) const;
    /** The parts of an index written in this pattern, if it is one. */
    std::optional<IndexParts> parse(const QString &index) const;

private:
    explicit IndexPattern(const QString &pattern);
    QString m_pattern;
    QRegularExpression m_regex;
};

} // namespace dms
