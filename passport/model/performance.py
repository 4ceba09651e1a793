"""Performance and durability: the model's declared parameters (public, Annex XIII 1(g)-(p)) and the individual
battery's values at placing on the market and status changes, state of health and usage (legitimate interest,
Annex XIII 4(a), 4(b), 4(d)).

Units are in the field names and the UN/CEFACT code in each field's `unitCode`: Ah (AMH), V (VLT), W (WTT),
kWh (KWH), ohm (OHM), % (P1), degree Celsius (CEL), months (MON), hours (HUR); the C-rate is in 1/h.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.general import BatteryStatus
from passport.model.types import Celsius, NonEmptyStr, NonNegativeQuantity, Percent, PositiveQuantity, ShortStr

PUBLIC = AccessGroup.PUBLIC
LEGITIMATE = AccessGroup.LEGITIMATE_INTEREST


class TemperatureRange(PassportModel):
    """A temperature interval in degrees Celsius (value type)."""

    lower_celsius: Celsius = value_field(description="Lower bound in °C.", unit="CEL")
    upper_celsius: Celsius = value_field(description="Upper bound in °C.", unit="CEL")

    @model_validator(mode="after")
    def _ordered(self) -> TemperatureRange:
        if self.lower_celsius >= self.upper_celsius:
            raise PydanticCustomError("passport_rule", "the lower bound must be below the upper bound",
                                      {"field": "upperCelsius"})
        return self


class TemperatureExposure(PassportModel):
    """Time spent within one temperature band (a bin of the operating temperature history) (value type)."""

    lower_celsius: Celsius = value_field(description="Lower bound of the band in °C.", unit="CEL")
    upper_celsius: Celsius = value_field(description="Upper bound of the band in °C.", unit="CEL")
    hours: NonNegativeQuantity = value_field(description="Hours spent in the band.", unit="HUR")


class NegativeEventType(StrEnum):
    """Negative events recorded by the battery management system or reported."""

    DEEP_DISCHARGE = "deep_discharge"
    OVERCHARGE = "overcharge"
    OVER_TEMPERATURE = "over_temperature"
    SHORT_CIRCUIT = "short_circuit"
    MECHANICAL_DAMAGE = "mechanical_damage"
    ACCIDENT = "accident"
    OTHER = "other"


class NegativeEvent(PassportModel):
    """A negative event or accident (value type)."""

    occurred_at: datetime = value_field(description="When it happened (ISO 8601 with offset).")
    event_type: NegativeEventType = value_field(description="What happened.")
    event_details: NonEmptyStr | None = value_field(description="Free-text details.", default=None)


class PerformanceTrigger(StrEnum):
    """Why performance values were recorded (Annex XIII 4(a))."""

    PLACING_ON_MARKET = "placing_on_market"
    STATUS_CHANGE = "status_change"


class PerformanceRecord(PassportModel):
    """Performance and durability values of this battery at one moment (value type)."""

    recorded_at: datetime = value_field(description="When the values were determined.")
    trigger: PerformanceTrigger = value_field(description="placing_on_market or status_change.")
    battery_status: BatteryStatus = value_field(description="Status of the battery at that moment.")
    remaining_capacity_ah: PositiveQuantity = value_field(description="Capacity in Ah.", unit="AMH")
    remaining_power_capability_w: PositiveQuantity | None = value_field(description="Power capability in W.",
                                                                        unit="WTT", default=None)
    remaining_round_trip_efficiency_percent: Percent | None = value_field(
        description="Round-trip energy efficiency in %.", unit="P1", default=None)
    internal_pack_resistance_ohm: PositiveQuantity | None = value_field(
        description="Internal pack resistance in ohm.", unit="OHM", default=None)


class BatteryCondition(PassportModel):
    """The dynamic state of the individual battery, as last reported by its battery management system."""

    measured_at: datetime = annex_field(LEGITIMATE, "4(b)", "4(d)", description="When the values were read.")
    state_of_health_percent: Percent = annex_field(LEGITIMATE, "4(b)", unit="P1", description="State of health in %.")
    remaining_capacity_ah: PositiveQuantity = annex_field(LEGITIMATE, "4(b)", unit="AMH",
                                                          description="Remaining capacity in Ah.")
    remaining_power_capability_w: PositiveQuantity | None = annex_field(
        LEGITIMATE, "4(b)", unit="WTT", description="Remaining power capability in W.", default=None)
    remaining_round_trip_efficiency_percent: Percent | None = annex_field(
        LEGITIMATE, "4(b)", unit="P1", description="Remaining round-trip energy efficiency in %.", default=None)
    state_of_charge_percent: Percent = annex_field(LEGITIMATE, "4(d)", unit="P1", description="State of charge in %.")
    full_equivalent_cycles: int = annex_field(LEGITIMATE, "4(d)", ge=0,
                                              description="Number of full equivalent charge/discharge cycles.")
    energy_throughput_kwh: NonNegativeQuantity | None = annex_field(
        LEGITIMATE, "4(d)", unit="KWH", description="Cumulative energy discharged in kWh.", default=None)
    negative_events: list[NegativeEvent] | None = annex_field(
        LEGITIMATE, "4(d)", description="Negative events such as accidents; absent when none were recorded.",
        default=None, min_length=1)
    operating_temperature_history: list[TemperatureExposure] = annex_field(
        LEGITIMATE, "4(d)", description="Time spent per temperature band during operation.", min_length=1)


class PerformanceAndDurability(PassportModel):
    """Declared performance and durability of the battery model, then the values of this battery."""

    rated_capacity_ah: PositiveQuantity = annex_field(PUBLIC, "1(a)", "1(g)", unit="AMH",
        description="Rated capacity in Ah.")
    rated_energy_kwh: PositiveQuantity = annex_field(
        PUBLIC, reference="Art. 7(1)(d): basis of the per-kWh carbon footprint", unit="KWH",
        description="Rated (total) energy in kWh.")
    minimum_voltage_v: PositiveQuantity = annex_field(PUBLIC, "1(h)", unit="VLT", description="Minimum voltage in V.")
    nominal_voltage_v: PositiveQuantity = annex_field(PUBLIC, "1(h)", unit="VLT", description="Nominal voltage in V.")
    maximum_voltage_v: PositiveQuantity = annex_field(PUBLIC, "1(h)", unit="VLT", description="Maximum voltage in V.")
    original_power_capability_w: PositiveQuantity = annex_field(
        PUBLIC, "1(i)", unit="WTT", description="Original power capability in W.")
    maximum_permitted_power_w: PositiveQuantity = annex_field(
        PUBLIC, "1(i)", unit="WTT", description="Limit of the power capability: maximum permitted power in W.")
    expected_lifetime_cycles: int = annex_field(PUBLIC, "1(j)", ge=1,
                                                description="Expected lifetime in charge-discharge cycles.")
    cycle_life_reference_test: ShortStr = annex_field(
        PUBLIC, "1(j)", description="Reference test used for the expected lifetime (e.g. IEC 62660-1:2018).")
    capacity_threshold_for_exhaustion_percent: Percent | None = annex_field(
        PUBLIC, "1(k)", unit="P1", description="Capacity threshold for exhaustion in % (EV batteries).", default=None)
    idle_temperature_range: TemperatureRange = annex_field(
        PUBLIC, "1(l)", description="Temperature range the battery can withstand when not in use.")
    calendar_life_warranty_months: int = annex_field(
        PUBLIC, "1(m)", ge=0, unit="MON", description="Commercial warranty period for calendar life, in months.")
    initial_round_trip_efficiency_percent: Percent = annex_field(
        PUBLIC, "1(n)", unit="P1", description="Initial round-trip energy efficiency in %.")
    round_trip_efficiency_at_50_percent_cycle_life_percent: Percent = annex_field(
        PUBLIC, "1(n)", unit="P1", description="Round-trip energy efficiency at 50 % of cycle life in %.")
    internal_cell_resistance_ohm: PositiveQuantity = annex_field(
        PUBLIC, "1(o)", unit="OHM", description="Initial internal resistance of a cell in ohm.")
    internal_pack_resistance_ohm: PositiveQuantity = annex_field(
        PUBLIC, "1(o)", unit="OHM", description="Initial internal resistance of the pack in ohm.")
    cycle_life_test_c_rate: PositiveQuantity = annex_field(
        PUBLIC, "1(p)", unit_text="C-rate (1/h)", description="C-rate of the cycle-life test, in 1/h.")
    performance_records: list[PerformanceRecord] | None = annex_field(
        LEGITIMATE, "4(a)", description="Values of this battery at placing on the market and at each status change.",
        default=None, min_length=1)
    battery_condition: BatteryCondition | None = annex_field(
        LEGITIMATE, "4(b)", "4(d)", description="State of health and usage of this battery.", default=None)

    @model_validator(mode="after")
    def _voltages_ordered(self) -> PerformanceAndDurability:
        if not self.minimum_voltage_v <= self.nominal_voltage_v <= self.maximum_voltage_v:
            raise PydanticCustomError("passport_rule", "minimum <= nominal <= maximum voltage must hold",
                                      {"field": "nominalVoltageV"})
        return self
