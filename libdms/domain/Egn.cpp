// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Egn.h"

#include "domain/Digits.h"

#include <QCoreApplication>

#include <array>

namespace dms {

namespace {

constexpr int kLength = 10;
constexpr std::array<int, 9> kWeights {2, 4, 8, 5, 10, 9, 7, 3, 6};

Error problemError(Egn::Problem problem)
{
    switch (problem) {
    case Egn::Problem::Format:
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "A personal number (ЕГН) consists of exactly 10 digits."),
            QStringLiteral("egn: not 10 digits"));
    case Egn::Problem::BirthDate:
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "The personal number (ЕГН) does not begin with a valid date of birth."),
                         QStringLiteral("egn: no such date of birth"));
    case Egn::Problem::Checksum:
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "The personal number (ЕГН) is mistyped: its check digit does not match."),
                         QStringLiteral("egn: check digit mismatch"));
    case Egn::Problem::None:
        break;
    }
    return makeError(ErrorCode::Internal, QCoreApplication::translate("dms", "Internal error."),
                     QStringLiteral("egn: no problem to report"));
}

} // namespace

Egn::Egn(const QString &digits, const QDate &birthDate)
    : m_digits(digits)
    , m_birthDate(birthDate)
{ }

int Egn::checkDigit(QStringView digits)
{
    Q_ASSERT(digits.size() >= 9 && Digits::isAscii(digits.left(9)));
    int sum = 0;
    for (qsizetype i = 0; i < qsizetype(kWeights.size()); ++i)
        sum += Digits::at(digits, i) * kWeights[size_t(i)];
    const int rest = sum % 11;
    return rest == 10 ? 0 : rest;
}

QDate Egn::decodeBirthDate(QStringView digits)
{
    const int yy = Digits::at(digits, 0) * 10 + Digits::at(digits, 1);
    int month = Digits::at(digits, 2) * 10 + Digits::at(digits, 3);
    const int day = Digits::at(digits, 4) * 10 + Digits::at(digits, 5);
    int century = 1900;
    if (month > 40) {
        century = 2000;
        month -= 40;
    } else if (month > 20) {
        century = 1800;
        month -= 20;
    }
    // QDate checks month and day ranges and 29 February in the Gregorian calendar.
    return QDate(century + yy, month, day);
}

Egn::Problem Egn::problem(const QString &text)
{
    const QString digits = text.trimmed();
    if (digits.size() != kLength || !Digits::isAscii(digits))
        return Problem::Format;
    if (!decodeBirthDate(digits).isValid())
        return Problem::BirthDate;
    if (checkDigit(digits) != Digits::at(digits, 9))
        return Problem::Checksum;
    return Problem::None;
}

Result<Egn> Egn::parse(const QString &text)
{
    const Problem found = problem(text);
    if (found != Problem::None)
        return problemError(found);
    const QString digits = text.trimmed();
    return Egn(digits, decodeBirthDate(digits));
}

Status Egn::validate(const QString &text)
{
    const Problem found = problem(text);
    if (found != Problem::None)
        return problemError(found);
    return {};
}

bool Egn::isMale() const
{
    return Digits::at(m_digits, 8) % 2 == 0;
}

QString Egn::mask(const QString &text)
{
    const QString digits = text.trimmed();
    if (digits.size() != kLength || !Digits::isAscii(digits))
        return QString(kLength, QLatin1Char('*'));
    return digits.left(6) + QString(4, QLatin1Char('*'));
}

bool Egn::isMasked(const QString &text)
{
    return text.size() == kLength && text.endsWith(QStringLiteral("****"))
        && (Digits::isAscii(QStringView(text).left(6)) || text == QString(kLength, QLatin1Char('*')));
}

} // namespace dms
