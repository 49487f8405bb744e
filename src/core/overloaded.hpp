// Internal: the overload set for std::visit over an operation or finding variant.
#pragma once

namespace ob::migrate::detail {

/// std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, variant)
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace ob::migrate::detail
