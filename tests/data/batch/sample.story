Harbor City approves new ferry line

The Harbor City council voted 7 to 2 on Tuesday to fund a ferry line linking the old port with the university district, Mayor Elena Ruiz said.

The line will cost 48 million dollars over five years and is expected to carry 6,000 passengers a day when it opens in 2027.

Ruiz said the ferries would cut travel times across the bay by half.

@highlight

Council votes 7 to 2 to fund a ferry line

@highlight

The line will cost 48 million dollars over five years
